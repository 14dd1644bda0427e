/**
 * A geo panel from a file in long form — one row per day and location with the value — read
 * the way imports read (encoding and delimiter sniffed, CSV or XLSX, titles above the header
 * skipped; `attribution/table-file.ts`), dates and numbers parsed as imports parse them
 * (`2026/9/7`, `2026年9月7日`, `1,234`, `1.2万`). `a/b/yyyy` dates are read in the one order
 * every date of the file fits; when both fit, the file must say (ISO dates).
 *
 * The panel must be whole: one value per location and day, every location on every day. A
 * second row for the same day and location, an empty value or a missing day is refused with
 * its row, rather than summed or filled in.
 */
import { type GeoPanel, MarkpiError, type Problem } from '@markpi/core';
import {
  cellText,
  type DateOrder,
  type ImportSource,
  parseDate,
  parseNumber,
  type RawCell,
} from '@markpi/importers';
import { decimalStyleOf } from '../attribution/cells.js';
import { readNamedColumns } from '../attribution/table-file.js';

export interface PanelColumns {
  date: string;
  location: string;
  value: string;
}

export interface PanelFile {
  file: string;
  panel: GeoPanel;
  /** What the panel measures and where it came from, for answers. */
  about: { measure: string; dimension: string; label: string };
}

/** Problems listed at most, so a wrong column does not print a whole file. */
const MAX_PROBLEMS = 20;

function datesIn(cells: readonly RawCell[], order: DateOrder | undefined) {
  return cells.map((cell) => parseDate(cell, order ? { order } : {}));
}

/** Reads the panel; `flags` name the options that gave the columns, for messages. */
export async function readPanelFile(
  file: ImportSource | string,
  columns: PanelColumns,
  flags: { date: string; location: string; value: string } = {
    date: '--date-column',
    location: '--location-column',
    value: '--y-column',
  },
): Promise<PanelFile> {
  const table = await readNamedColumns(file, {
    date: { name: columns.date, flag: flags.date },
    location: { name: columns.location, flag: flags.location },
    value: { name: columns.value, flag: flags.value },
  });
  const problems: Problem[] = [];
  const problem = (row: number, column: string, message: string, hint?: string) => {
    if (problems.length < MAX_PROBLEMS)
      problems.push({ file: table.file, row, column, message, ...(hint ? { hint } : {}) });
  };

  const dateCells = table.rows.map((row) => row.cells.date);
  let dates = datesIn(dateCells, undefined);
  if (dates.some((result) => !result.ok && result.ambiguous)) {
    const fits = (['dmy', 'mdy'] as const).filter((order) =>
      datesIn(dateCells, order).every((result) => result.ok),
    );
    if (fits.length === 1) dates = datesIn(dateCells, fits[0]);
  }
  const style = decimalStyleOf(table.rows.map((row) => row.cells.value));
  const values = new Map<string, Map<string, { value: number; row: number }>>();
  table.rows.forEach((row, index) => {
    const date = dates[index]!;
    if (!date.ok || date.date === null) {
      problem(
        row.row,
        columns.date,
        date.ok ? 'no date' : date.reason,
        !date.ok && date.ambiguous ? 'write the dates as YYYY-MM-DD' : undefined,
      );
      return;
    }
    const location = cellText(row.cells.location).trim();
    if (location === '') {
      problem(row.row, columns.location, 'no location');
      return;
    }
    const parsed = parseNumber(row.cells.value, style);
    if (!parsed.ok || parsed.value === null || parsed.percent) {
      problem(
        row.row,
        columns.value,
        !parsed.ok
          ? parsed.reason
          : parsed.value === null
            ? 'no value (a panel needs every location on every day)'
            : `"${cellText(row.cells.value)}" is a percentage, not a volume`,
      );
      return;
    }
    const series = values.get(location) ?? new Map<string, { value: number; row: number }>();
    const earlier = series.get(date.date);
    if (earlier) {
      problem(
        row.row,
        columns.date,
        `a second row for ${location} on ${date.date} (the first is row ${earlier.row})`,
      );
      return;
    }
    series.set(date.date, { value: parsed.value, row: row.row });
    values.set(location, series);
  });
  const allDates = [...new Set([...values.values()].flatMap((series) => [...series.keys()]))].sort();
  for (const [location, series] of values) {
    const missing = allDates.filter((date) => !series.has(date));
    if (missing.length > 0)
      problem(
        table.headerRow,
        columns.location,
        `${location} has no row for ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more day(s)` : ''}`,
        'a panel needs every location on every day',
      );
  }
  if (problems.length === 0 && values.size === 0)
    problem(table.headerRow, columns.value, 'no rows below the header');
  if (problems.length > 0)
    throw new MarkpiError('invalid_lift_input', `${table.file}: the panel is not whole`, problems);
  const locations = [...values.keys()].sort((a, b) => a.localeCompare(b));
  return {
    file: table.file,
    panel: {
      dates: allDates,
      locations: locations.map((location) => ({
        location,
        values: allDates.map((date) => values.get(location)!.get(date)!.value),
      })),
    },
    about: {
      measure: columns.value,
      dimension: columns.location,
      label: `${table.file}: ${columns.value} by ${columns.location}`,
    },
  };
}
