/** Moving a workspace between engines: copy it whole and check the copy's KPI totals agree. */
export { type CopyReport, copyWorkspace, verifyCopy } from '@markpi/store';
