/**
 * Which rollup months a fact month touches and which days a rollup month reads: checked by hand
 * on a month starting on a Sunday, and against every day of four years walked one by one.
 */
import { addDays, bucketStart, type RollupGrain } from '@markpi/core';
import { describe, expect, it } from 'vitest';
import {
  clickHouseRollupRowsSql,
  daysOfRollupMonth,
  factMonthsOfRollupMonth,
  monthKey,
  rollupMonthsOfFactMonth,
  touchedRollupMonths,
} from './rollup-sql.js';

const GRAINS: RollupGrain[] = ['day', 'week', 'month'];

describe('rollup months on ClickHouse', () => {
  it('by hand: March 2026 starts on a Sunday, April on a Wednesday', () => {
    // Weeks starting in March: 2 March to the week of 30 March, which ends on 5 April.
    expect(daysOfRollupMonth('week', '202603')).toEqual({ from: '2026-03-02', toExclusive: '2026-04-06' });
    expect(daysOfRollupMonth('month', '202603')).toEqual({ from: '2026-03-01', toExclusive: '2026-04-01' });
    expect(daysOfRollupMonth('day', '202602')).toEqual({ from: '2026-02-01', toExclusive: '2026-03-01' });
    // 1 April's week starts on 30 March: changing April rebuilds March's weeks too.
    expect(rollupMonthsOfFactMonth('week', '202604')).toEqual(['202603', '202604']);
    expect(rollupMonthsOfFactMonth('week', '202606')).toEqual(['202606']);
    expect(rollupMonthsOfFactMonth('month', '202604')).toEqual(['202604']);
    expect(factMonthsOfRollupMonth('week', '202603')).toEqual(['202603', '202604']);
    expect(factMonthsOfRollupMonth('week', '202605')).toEqual(['202605']);
    expect(factMonthsOfRollupMonth('day', '202603')).toEqual(['202603']);
  });

  it('agree with every day of 2024–2027 walked one by one', () => {
    for (const grain of GRAINS) {
      const touched = new Map<string, Set<string>>();
      const reads = new Map<string, Set<string>>();
      const days = new Map<string, string[]>();
      for (let day = '2024-01-01'; day < '2028-01-01'; day = addDays(day, 1)) {
        const factMonth = monthKey(day);
        const rollupMonth = monthKey(bucketStart(grain, day));
        touched.set(factMonth, (touched.get(factMonth) ?? new Set()).add(rollupMonth));
        reads.set(rollupMonth, (reads.get(rollupMonth) ?? new Set()).add(factMonth));
        days.set(rollupMonth, [...(days.get(rollupMonth) ?? []), day]);
      }
      for (const [factMonth, months] of touched) {
        if (factMonth === '202401') continue; // its first week started in 2023
        expect(rollupMonthsOfFactMonth(grain, factMonth), `${grain} ${factMonth}`).toEqual(
          [...months].sort(),
        );
      }
      for (const [rollupMonth, months] of reads) {
        if (rollupMonth === '202312' || rollupMonth === '202712') continue; // cut by the walk
        expect(factMonthsOfRollupMonth(grain, rollupMonth), `${grain} ${rollupMonth}`).toEqual(
          [...months].sort(),
        );
        const held = days.get(rollupMonth)!;
        expect(daysOfRollupMonth(grain, rollupMonth), `${grain} ${rollupMonth}`).toEqual({
          from: held[0],
          toExclusive: addDays(held.at(-1)!, 1),
        });
      }
    }
  });

  it('touched rollup months by hand: a load over 30 March – 2 April 2026 (a Monday to a Thursday)', () => {
    const days = ['2026-03-30', '2026-03-31', '2026-04-02'];
    // Their week starts on 30 March: one rollup month, one bucket.
    expect(touchedRollupMonths('week', days)).toEqual([
      { month: '202603', first: '2026-03-30', last: '2026-03-30' },
    ]);
    expect(touchedRollupMonths('month', days)).toEqual([
      { month: '202603', first: '2026-03-01', last: '2026-03-01' },
      { month: '202604', first: '2026-04-01', last: '2026-04-01' },
    ]);
    expect(touchedRollupMonths('day', days)).toEqual([
      { month: '202603', first: '2026-03-30', last: '2026-03-31' },
      { month: '202604', first: '2026-04-02', last: '2026-04-02' },
    ]);
    expect(touchedRollupMonths('day', [])).toEqual([]);
  });

  it('touched rollup months agree with every bucket of random days gathered one by one', () => {
    let seed = 19;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let trial = 0; trial < 200; trial++) {
      const days = Array.from({ length: 1 + Math.floor(random() * 12) }, () =>
        addDays('2025-11-20', Math.floor(random() * 140)),
      ).sort();
      for (const grain of GRAINS) {
        // Every bucket, its month by where the bucket starts; then each month's least and greatest.
        const buckets = [...new Set(days.map((day) => bucketStart(grain, day)))];
        const months = [...new Set(buckets.map(monthKey))].sort();
        const expected = months.map((month) => {
          const held = buckets.filter((bucket) => monthKey(bucket) === month).sort();
          return { month, first: held[0], last: held.at(-1) };
        });
        expect(touchedRollupMonths(grain, days), `${grain} ${days.join(' ')}`).toEqual(expected);
      }
    }
  });

  it('renames inner columns before summing, so no alias shadows a column', () => {
    const sql = clickHouseRollupRowsSql(
      {
        name: 'by_week',
        fact: 'performance',
        grain: 'week',
        dimensions: ['channel'],
        columns: ['spend'],
        table: 'rollup_by_week',
      },
      '`fact_performance`',
    );
    expect(sql).toBe(
      'SELECT rollup_bucket AS `date`, d_0 AS `channel`, toNullable(toFloat64(sum(c_0))) AS `spend`, toInt64(count()) AS `rollup_rows`, {p0:String} AS `import_id` FROM (SELECT toMonday(`date`) AS rollup_bucket, `channel` AS d_0, `spend` AS c_0 FROM `fact_performance`) GROUP BY rollup_bucket, d_0',
    );
  });

  it('adds up the row counts of partial sums rather than counting their rows', () => {
    const sql = clickHouseRollupRowsSql(
      {
        name: 'total',
        fact: 'performance',
        grain: 'month',
        dimensions: [],
        columns: ['clicks'],
        table: 'rollup_total',
      },
      '`sums`',
      ['x = 1'],
      'rollup_rows',
    );
    expect(sql).toBe(
      'SELECT rollup_bucket AS `date`, toNullable(toFloat64(sum(c_0))) AS `clicks`, toInt64(sum(counted_rows)) AS `rollup_rows`, {p0:String} AS `import_id` FROM (SELECT toStartOfMonth(`date`) AS rollup_bucket, `clicks` AS c_0, `rollup_rows` AS counted_rows FROM `sums` WHERE x = 1) GROUP BY rollup_bucket',
    );
  });
});
