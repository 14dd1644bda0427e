/**
 * Builds small XLSX workbooks for tests and fixtures with ExcelJS, including the cell kinds
 * exports really contain: percent-formatted fractions and date cells.
 */
import ExcelJS from 'exceljs';

export type XlsxCell = string | number | null | { percent: number } | { date: string; format?: string };

export async function buildXlsx(
  rows: readonly (readonly XlsxCell[])[],
  sheetName = 'Sheet1',
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  // Fixed timestamps keep the workbook's metadata stable between runs.
  workbook.created = new Date(Date.UTC(2026, 0, 1));
  workbook.modified = new Date(Date.UTC(2026, 0, 1));
  const sheet = workbook.addWorksheet(sheetName);
  rows.forEach((cells, rowIndex) => {
    const row = sheet.getRow(rowIndex + 1);
    cells.forEach((value, columnIndex) => {
      if (value === null) return;
      const cell = row.getCell(columnIndex + 1);
      if (typeof value === 'object' && 'percent' in value) {
        cell.value = value.percent;
        cell.numFmt = '0.00%';
      } else if (typeof value === 'object' && 'date' in value) {
        cell.value = new Date(`${value.date.length === 10 ? `${value.date}T00:00:00` : value.date}Z`);
        cell.numFmt = value.format ?? 'yyyy-mm-dd';
      } else {
        cell.value = value;
      }
    });
    row.commit();
  });
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
