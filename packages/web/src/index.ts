/** The dashboard's sources arrive with the web UI; this keeps the package buildable until then. */
export const WEB_PACKAGE = '@markpi/web';
