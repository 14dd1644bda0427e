/**
 * Scoring a file of any labelled series: `timestamp,value` rows in, `timestamp,value,anomaly_score`
 * rows out, in the same order, with core's `scoreSeries` (the grid's step and seasonal periods are
 * read from the timestamps; each row is scored from the rows before it; the score is 1 − the
 * probability of a value this far from expected, in [0, 1], and 0 for rows with no value or before
 * the model has enough history).
 *
 * The file: UTF-8 (a byte-order mark is skipped), comma-separated, a header naming `timestamp` and
 * `value` (any case, any order; other columns are ignored and not written), fields in double
 * quotes where they hold commas. An empty value is no value; anything else must be a number.
 */
import { csvField, type LabelledPoint, MarkpiError, type Problem, scoreSeries } from '@markpi/core';

/** Splits one CSV line into fields (double quotes, `""` for a quote inside). */
function fields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!;
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      out.push(field);
      field = '';
    } else field += char;
  }
  out.push(field);
  return out.map((value) => value.trim());
}

export interface SeriesRow {
  point: LabelledPoint;
  /** The cells as written, to write them back unchanged. */
  timestamp: string;
  value: string;
}

/** The rows of a `timestamp,value` file, checked (every problem named with its line). */
export function readSeriesCsv(text: string, file = 'input'): SeriesRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = fields(lines[0] ?? '').map((name) => name.toLowerCase());
  const timestampColumn = header.indexOf('timestamp');
  const valueColumn = header.indexOf('value');
  if (timestampColumn < 0 || valueColumn < 0) {
    throw new MarkpiError('invalid_request', `${file}: the header must name \`timestamp\` and \`value\``, [
      {
        file,
        row: 1,
        message: `the header is ${JSON.stringify(lines[0] ?? '')}`,
        hint: 'start the file with the line `timestamp,value`',
      },
    ]);
  }
  const rows: SeriesRow[] = [];
  const problems: Problem[] = [];
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === '') return;
    const row = index + 2;
    const cells = fields(line);
    const timestamp = cells[timestampColumn] ?? '';
    const raw = cells[valueColumn] ?? '';
    let value: number | null = null;
    if (raw !== '') {
      value = Number(raw);
      if (!Number.isFinite(value)) {
        problems.push({ file, row, column: 'value', message: `not a number: ${raw}` });
        return;
      }
    }
    const epoch = /^-?\d+(\.\d+)?$/.test(timestamp) ? Number(timestamp) : null;
    rows.push({ point: { timestamp: epoch ?? timestamp, value }, timestamp, value: raw });
  });
  if (problems.length > 0) {
    throw new MarkpiError(
      'invalid_request',
      `${file}: ${problems.length} row(s) can't be read`,
      problems.slice(0, 20),
    );
  }
  return rows;
}

/** A value as the file gave it when it is a number (a leading minus stays a minus), else a safe cell. */
function valueField(text: string): string {
  return text.trim() !== '' && Number.isFinite(Number(text)) ? text.trim() : csvField(text);
}

/** Scores a `timestamp,value` file and writes `timestamp,value,anomaly_score` (see the module's comment). */
export function scoreSeriesCsv(text: string, file = 'input'): { csv: string; rows: number; scored: number } {
  const rows = readSeriesCsv(text, file);
  const scored = scoreSeries(rows.map((row) => row.point));
  const lines = ['timestamp,value,anomaly_score'];
  let nonZero = 0;
  scored.forEach((result, index) => {
    const row = rows[index]!;
    if (result.score > 0) nonZero++;
    lines.push(`${csvField(row.timestamp)},${valueField(row.value)},${String(result.score)}`);
  });
  return { csv: `${lines.join('\n')}\n`, rows: rows.length, scored: nonZero };
}
