/**
 * Scoring a `timestamp,value` file: rows come back in their order with their cells as written and
 * the score core's `scoreSeries` gives each; the scores are causal (a file cut after any row scores
 * its rows the same); a spike planted in a weekly pattern scores near 1 while ordinary days stay
 * low; bad files are refused with the line at fault.
 */
import { scoreSeries } from '@markpi/core';
import { describe, expect, it } from 'vitest';
import { readSeriesCsv, scoreSeriesCsv } from './score-file.js';

function series(days: number, spikeAt: number): string {
  let seed = 3;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const lines = ['timestamp,value'];
  for (let day = 0; day < days; day++) {
    const date = new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10);
    const weekly = [100, 104, 98, 102, 120, 140, 90][day % 7]!;
    const value = day === spikeAt ? weekly * 3 : weekly * (0.97 + 0.06 * random());
    lines.push(`${date},${value.toFixed(2)}`);
  }
  return `${lines.join('\n')}\n`;
}

const parse = (csv: string) =>
  csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));

describe('scoring a series file', () => {
  it('writes every row back as written, with core’s score for it', () => {
    const input = series(120, 100);
    const { csv, rows } = scoreSeriesCsv(input);
    expect(rows).toBe(120);
    const out = parse(csv);
    const given = parse(input);
    const expected = scoreSeries(
      given.map(([timestamp, value]) => ({ timestamp: timestamp!, value: Number(value) })),
    );
    expect(out.map((row) => row.slice(0, 2))).toEqual(given);
    expect(out.map((row) => Number(row[2]))).toEqual(expected.map((row) => row.score));
    for (const row of out) {
      const score = Number(row[2]);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
    expect(Number(out[100]![2])).toBeGreaterThan(0.999);
    const ordinary = out.slice(30, 100).map((row) => Number(row[2]));
    expect(ordinary.filter((score) => score > 0.999).length).toBeLessThanOrEqual(1);
  });

  it('writes negative values as numbers, not as text a spreadsheet quote would change', () => {
    const input = [
      'timestamp,value',
      ...Array.from(
        { length: 30 },
        (_, day) => `2026-01-${String(day + 1).padStart(2, '0')},${day % 2 ? -12.5 : -3}`,
      ),
    ].join('\n');
    const out = parse(scoreSeriesCsv(input).csv);
    expect(out.map((row) => row[1])).toEqual(parse(input).map((row) => row[1]));
    expect(out[0]![1]).toBe('-3');
  });

  it('is causal: a file cut after any row scores the rows it keeps the same', () => {
    const input = series(90, 70);
    const full = parse(scoreSeriesCsv(input).csv);
    const lines = input.trim().split('\n');
    for (const cut of [20, 45, 70, 71, 89]) {
      const part = parse(scoreSeriesCsv(`${lines.slice(0, cut + 1).join('\n')}\n`).csv);
      expect(part, `cut after row ${cut}`).toEqual(full.slice(0, cut));
    }
  });

  it('keeps empty values and extra columns out of the way, and reads quotes, BOMs and CRLF', () => {
    const input = '\uFEFFnote,Value,TIMESTAMP\r\n"a, b",1.5,2026-01-01\r\nc,,2026-01-02\r\n';
    const rows = readSeriesCsv(input);
    expect(rows).toEqual([
      { point: { timestamp: '2026-01-01', value: 1.5 }, timestamp: '2026-01-01', value: '1.5' },
      { point: { timestamp: '2026-01-02', value: null }, timestamp: '2026-01-02', value: '' },
    ]);
    expect(scoreSeriesCsv(input).csv).toBe(
      'timestamp,value,anomaly_score\n2026-01-01,1.5,0\n2026-01-02,,0\n',
    );
    expect(readSeriesCsv('timestamp,value\n1767225600000,3\n')[0]!.point.timestamp).toBe(1767225600000);
  });

  it('refuses a file without the header or with values that are not numbers, naming the lines', () => {
    expect(() => readSeriesCsv('day,amount\n2026-01-01,3\n', 'in.csv')).toThrow(
      /in.csv: the header must name/,
    );
    try {
      readSeriesCsv('timestamp,value\n2026-01-01,3\n2026-01-02,three\n2026-01-03,1e400\n', 'in.csv');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({
        code: 'invalid_request',
        problems: [
          { file: 'in.csv', row: 3, column: 'value', message: 'not a number: three' },
          { file: 'in.csv', row: 4, column: 'value', message: 'not a number: 1e400' },
        ],
      });
    }
    expect(() => scoreSeriesCsv('timestamp,value\nyesterday,3\n')).toThrow(
      expect.objectContaining({ code: 'invalid_timestamp' }),
    );
  });
});
