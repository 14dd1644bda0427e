/**
 * RFC 4180 writing, for exporting rejected rows: core's cells, so a text that would start a
 * spreadsheet formula gets a single quote and numbers stay numbers (`csv.ts` in core).
 */
export { csvField as csvCell, csvRecord as csvLine } from '@markpi/core';
