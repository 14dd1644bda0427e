/**
 * Exports of a table as people open them: CSV for anything (UTF-8 with a BOM so Excel reads
 * Chinese correctly) and XLSX with real numbers and number formats, so a spreadsheet can keep
 * calculating with them.
 */
import { csvField } from '@markpi/core';
import { zip } from './zip';

export type ExportCell = string | number | boolean | null;

export type ExportFormat = 'text' | 'integer' | 'decimal' | 'percent' | 'money' | 'date';

export interface ExportColumn {
  header: string;
  format: ExportFormat;
}

export interface ExportTable {
  columns: ExportColumn[];
  rows: ExportCell[][];
}

/**
 * RFC 4180 CSV, CRLF line ends, with a byte-order mark for Excel; texts that would start a
 * formula get a single quote, numbers stay numbers (core's `csv.ts`).
 */
export function toCsv(table: ExportTable): string {
  const lines = [table.columns.map((column) => csvField(column.header))];
  for (const row of table.rows) lines.push(row.map(csvField));
  return `\uFEFF${lines.map((line) => line.join(',')).join('\r\n')}\r\n`;
}

/** Control characters other than tab and line ends: XML 1.0 cannot hold them at all. */
function isXmlCharacter(character: string): boolean {
  const code = character.codePointAt(0) ?? 0;
  return code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function xml(text: string): string {
  return [...text]
    .filter(isXmlCharacter)
    .join('')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** Column letters: 0 → A, 26 → AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

// Cell styles (indices into cellXfs below): 0 plain, 1 header, then one per number format.
const STYLE: Record<ExportFormat, number> = {
  text: 0,
  integer: 2,
  decimal: 3,
  percent: 4,
  money: 5,
  date: 6,
};

const STYLES_XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="#,##0.00"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="7">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
</cellXfs>
</styleSheet>`;

/** Days since 1899-12-30, the spreadsheet epoch. */
function serialDay(day: string): number | null {
  const time = Date.parse(`${day}T00:00:00.000Z`);
  return Number.isNaN(time) ? null : time / 86_400_000 + 25_569;
}

function cellXml(reference: string, cell: ExportCell, format: ExportFormat): string {
  if (cell === null || cell === '') return '';
  if (format === 'date' && typeof cell === 'string') {
    const serial = serialDay(cell);
    if (serial !== null) return `<c r="${reference}" s="${STYLE.date}"><v>${serial}</v></c>`;
  }
  if (typeof cell === 'number' && Number.isFinite(cell))
    return `<c r="${reference}" s="${STYLE[format]}"><v>${cell}</v></c>`;
  if (typeof cell === 'boolean') return `<c r="${reference}" t="b"><v>${cell ? 1 : 0}</v></c>`;
  return `<c r="${reference}" t="inlineStr"><is><t xml:space="preserve">${xml(String(cell))}</t></is></c>`;
}

/** A one-sheet workbook: a bold header row, then the rows with their columns' number formats. */
export function toXlsx(table: ExportTable, sheetName = 'markpi'): Uint8Array {
  const encoder = new TextEncoder();
  const header = table.columns
    .map(
      (column, index) =>
        `<c r="${columnName(index)}1" s="1" t="inlineStr"><is><t>${xml(column.header)}</t></is></c>`,
    )
    .join('');
  const body = table.rows
    .map((row, rowIndex) => {
      const number = rowIndex + 2;
      const cells = row
        .map((cell, index) =>
          cellXml(`${columnName(index)}${number}`, cell, table.columns[index]?.format ?? 'text'),
        )
        .join('');
      return `<row r="${number}">${cells}</row>`;
    })
    .join('');
  const widths = table.columns
    .map((column, index) => {
      const longest = Math.max(
        column.header.length,
        ...table.rows.slice(0, 200).map((row) => String(row[index] ?? '').length),
      );
      return `<col min="${index + 1}" max="${index + 1}" width="${Math.min(Math.max(longest + 2, 10), 60)}" customWidth="1"/>`;
    })
    .join('');
  const sheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>${widths ? `<cols>${widths}</cols>` : ''}<sheetData><row r="1">${header}</row>${body}</sheetData></worksheet>`;
  const safeName = xml(sheetName.replaceAll(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Sheet1');
  const files: Record<string, string> = {
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${safeName}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    'xl/styles.xml': STYLES_XML,
    'xl/worksheets/sheet1.xml': sheet,
  };
  return zip(Object.entries(files).map(([name, text]) => ({ name, data: encoder.encode(text) })));
}
