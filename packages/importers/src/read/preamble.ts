/**
 * What the lines above the header say: the report title and period. Google Ads writes a
 * title and `"May 18, 2025 - August 15, 2025"` (or `All time`); GA4 writes `# Start date:
 * 20260501` and `# End date: 20260531` (localised: `# Date de début : …`); Chinese exports
 * write `时间范围：2026-05-01 至 2026-05-31`. Meta's "Export table data" puts the period only in
 * the file name (`…-Jul-27-2026-Aug-2-2026.csv`).
 */
import { parseDateRange, parseDateText } from '../parse/dates.js';
import { cellText } from './header.js';
import type { SourceRecord } from './records.js';

export interface Period {
  from: string;
  to: string;
}

export interface Preamble {
  title?: string;
  period?: Period;
  /** Where the period was read: `preamble` line or `file name`. */
  periodSource?: 'preamble' | 'file name';
  /** `key: value` lines (GA4 `# Account: …`). */
  properties: Record<string, string>;
}

const START_KEYS =
  /^(start date|date de début|fecha de inicio|data de início|startdatum|开始日期|起始日期)$/i;
const END_KEYS =
  /^(end date|date de fin|fecha de finalización|fecha de fin|data de término|data final|enddatum|结束日期)$/i;

export function parsePreamble(records: readonly SourceRecord[]): Preamble {
  const preamble: Preamble = { properties: {} };
  let start: string | undefined;
  let end: string | undefined;
  for (const record of records) {
    const cells = record.cells.map((cell) => cellText(cell).trim()).filter((text) => text !== '');
    if (cells.length === 0) continue;
    const line = cells.join(' ').replace(/^#\s*/, '').trim();
    if (line === '' || /^-+$/.test(line)) continue;
    const keyValue = /^([^:：]+?)\s*[:：]\s*(.+)$/.exec(line);
    if (keyValue) {
      const key = keyValue[1]!.trim();
      const value = keyValue[2]!.trim();
      preamble.properties[key] = value;
      const date = parseDateText(value);
      if (START_KEYS.test(key) && date.ok && date.date) start = date.date;
      else if (END_KEYS.test(key) && date.ok && date.date) end = date.date;
      else if (!preamble.period) {
        const range = parseDateRange(value);
        if (range) preamble.period = range;
      }
      continue;
    }
    const range = parseDateRange(line);
    if (range && !preamble.period) {
      preamble.period = range;
      continue;
    }
    if (preamble.title === undefined && !/^all time$/i.test(line)) preamble.title = line;
  }
  if (start && end) preamble.period = { from: start, to: end };
  if (preamble.period) preamble.periodSource = 'preamble';
  return preamble;
}

const MONTH_DAY_YEAR = '([A-Z][a-z]{2,8})-(\\d{1,2})-(\\d{4})';

/** A period stated in a file name, e.g. `SEMANAL-Jul-27-2026-Aug-2-2026.csv` or `…_2026-05-01_2026-05-31.csv`. */
export function periodFromFileName(fileName: string): Period | undefined {
  const words = new RegExp(`${MONTH_DAY_YEAR}-${MONTH_DAY_YEAR}`).exec(fileName);
  if (words) {
    const from = parseDateText(`${words[1]} ${words[2]}, ${words[3]}`);
    const to = parseDateText(`${words[4]} ${words[5]}, ${words[6]}`);
    if (from.ok && to.ok && from.date && to.date) return { from: from.date, to: to.date };
  }
  const iso = /(\d{4}-?\d{2}-?\d{2})(?:_|-|~|至|to)+(\d{4}-?\d{2}-?\d{2})/.exec(fileName);
  if (iso) {
    const from = parseDateText(iso[1]!);
    const to = parseDateText(iso[2]!);
    if (from.ok && to.ok && from.date && to.date && from.date <= to.date)
      return { from: from.date, to: to.date };
  }
  return undefined;
}
