import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../catalog/catalog.js';
import { duckDbDialect } from '../dialects/duckdb.js';
import { isUserError, type MarkpiError } from '../errors.js';
import { compileKpiQuery, type PeriodRowSpan } from './compile.js';
import { addDays } from './dates.js';
import type { KpiQuery } from './query.js';

const catalog = buildCatalog();
const base: KpiQuery = {
  kpis: ['ctr', 'cpc', 'roas'],
  dimensions: ['channel'],
  from: '2026-01-01',
  to: '2026-01-31',
};
const compile = (query: Partial<KpiQuery>) => compileKpiQuery(catalog, { ...base, ...query }, duckDbDialect);

function userError(work: () => unknown): MarkpiError {
  try {
    work();
  } catch (error) {
    if (isUserError(error)) return error;
    throw error;
  }
  throw new Error('expected a user error');
}

/** Writes a value as a formula-language string literal. */
const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;

describe('planner', () => {
  it('binds every value; user text never appears in the SQL', () => {
    const compiled = compile({ filter: "channel = 'douyin' and region in ('east', 'south')" });
    expect(compiled.sql).not.toContain('douyin');
    expect(compiled.sql).not.toContain('east');
    expect(compiled.params).toEqual(expect.arrayContaining(['douyin', 'east', 'south']));
    // The window's own bounds are validated dates the planner prints as typed literals.
    expect(compiled.sql).toContain("DATE '2026-01-01'");
    expect(compiled.sql).toContain("DATE '2026-02-01'");
  });

  it('keeps the SQL shape whatever string a filter compares with', () => {
    const reference = compile({ filter: "channel = 'x'" }).sql;
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (value) => {
        const compiled = compile({ filter: `channel = ${literal(value)}` });
        expect(compiled.sql).toBe(reference);
        expect(compiled.params).toContain(value);
      }),
      { numRuns: 300 },
    );
  });

  it('never crashes on hostile filter text, and what compiles has no statement separator', () => {
    const hostile = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.constantFrom(
        "channel = 'a'; DROP TABLE fact_performance; --",
        "channel = 'a' OR 1=1 --",
        'channel = "douyin"',
        "channel = 'it''s'",
        '/* comment */ channel = 1',
        'select * from fact_performance',
        'channel in (select channel from fact_performance)',
        `${'('.repeat(5000)}channel = 'a'${')'.repeat(5000)}`,
        `channel = '${'x'.repeat(200_000)}'`,
        'spend > 100',
        '`channel` = 1',
        '\u0000\u0001',
      ),
      fc
        .array(
          fc.constantFrom(
            'channel',
            '=',
            "'a'",
            'and',
            'or',
            'not',
            '(',
            ')',
            ';',
            '--',
            'DROP',
            'in',
            ',',
            "'",
            '1',
          ),
          { maxLength: 30 },
        )
        .map((tokens) => tokens.join(' ')),
    );
    fc.assert(
      fc.property(hostile, (filter) => {
        try {
          const compiled = compile({ filter });
          expect(compiled.sql).not.toMatch(/;|--|\/\*/);
        } catch (error) {
          expect(isUserError(error)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('refuses to break a KPI down by a dimension its fact does not have', () => {
    const error = userError(() => compile({ kpis: ['cac'], dimensions: ['campaign'] }));
    expect(error.problems[0]?.message).toContain('fact_costs');
    expect(error.problems[0]?.message).toContain('campaign');
  });

  it('names unknown KPIs and dimensions with suggestions, all at once', () => {
    const error = userError(() => compile({ kpis: ['ctr', 'roass'], dimensions: ['chanel'] }));
    expect(error.problems.map((problem) => problem.hint)).toEqual([
      expect.stringContaining('`roas`'),
      expect.stringContaining('`channel`'),
    ]);
  });

  it('prints only real calendar dates as literals', () => {
    expect(() => duckDbDialect.dateLiteral("2026-01-01' OR 1=1")).toThrow();
    expect(() => duckDbDialect.dateLiteral('2026-02-30')).toThrow();
    expect(duckDbDialect.dateLiteral('2026-02-28')).toBe("DATE '2026-02-28'");
  });

  it('rejects impossible dates and reversed ranges', () => {
    expect(userError(() => compile({ from: '2026-02-30' })).code).toBe('invalid_query');
    expect(userError(() => compile({ from: '2026-03-01', to: '2026-02-01' })).code).toBe('invalid_query');
  });

  it('filters on a measure are refused with advice', () => {
    const error = userError(() => compile({ filter: 'spend > 100' }));
    expect(error.code).toBe('invalid_filter');
  });

  it('describes its columns: time, dimensions, KPIs, comparisons and flags', () => {
    const compiled = compile({ kpis: ['ctr', 'reach'], grain: 'month', compare: 'previous' });
    expect(compiled.columns.map((column) => column.key)).toEqual([
      'month',
      'channel',
      'ctr',
      'ctr__previous',
      'ctr__change',
      'ctr__flag',
      'ctr__prorated',
      'reach',
      'reach__previous',
      'reach__change',
      'reach__flag',
      'reach__prorated',
    ]);
    // Flags that only prorated period rows can raise may be left out when no row raised them.
    expect(compiled.columns.filter((column) => column.onlyWhenSet).map((column) => column.key)).toEqual([
      'ctr__flag',
      'ctr__prorated',
      'reach__prorated',
    ]);
  });

  it('reads period rows only in windows their span reaches (edges by hand)', () => {
    const withSpan = (span: PeriodRowSpan | null, query: Partial<KpiQuery> = {}) =>
      compileKpiQuery(catalog, { ...base, ...query }, duckDbDialect, { periodRows: { performance: span } });
    const readsPeriods = (sql: string) => sql.includes('fact_performance_periods');
    // The window is 1–31 January 2026.
    expect(readsPeriods(compile({}).sql)).toBe(true);
    expect(readsPeriods(withSpan(null).sql)).toBe(false);
    expect(readsPeriods(withSpan({ first: '2025-12-01', last: '2025-12-31' }).sql)).toBe(false);
    expect(readsPeriods(withSpan({ first: '2025-12-01', last: '2026-01-01' }).sql)).toBe(true);
    expect(readsPeriods(withSpan({ first: '2026-01-31', last: '2026-03-31' }).sql)).toBe(true);
    expect(readsPeriods(withSpan({ first: '2026-02-01', last: '2026-03-31' }).sql)).toBe(false);
    // December's rows are read for the previous period's values, not flagged in January's.
    const compared = withSpan({ first: '2025-12-01', last: '2025-12-31' }, { compare: 'previous' });
    expect(readsPeriods(compared.sql)).toBe(true);
    expect(compared.columns.some((column) => column.key === 'ctr__prorated')).toBe(false);
    // Without period rows in the window, the flag columns they alone raise are not asked for;
    // reach keeps its own flag (reach summed over rows), and its scan still reads one table.
    const plain = withSpan(null, { kpis: ['ctr', 'reach'] });
    expect(plain.columns.map((column) => column.key)).toEqual(['channel', 'ctr', 'reach', 'reach__flag']);
    expect(plain.sql).not.toContain('UNION ALL');
  });

  it('leaves period rows out exactly when no day of their span lies in a scan window (brute force)', () => {
    const day = (offset: number) => addDays('2026-01-01', offset);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 20 }),
        (spanStart, spanLength, windowStart, windowLength) => {
          const span = { first: day(spanStart), last: day(spanStart + spanLength) };
          const from = day(windowStart);
          const to = day(windowStart + windowLength);
          let shared = false;
          for (let offset = spanStart; offset <= spanStart + spanLength; offset++) {
            const date = day(offset);
            if (date >= from && date <= to) shared = true;
          }
          const compiled = compileKpiQuery(catalog, { ...base, from, to, grain: 'total' }, duckDbDialect, {
            periodRows: { performance: span },
          });
          expect(compiled.sql.includes('fact_performance_periods')).toBe(shared);
          expect(compiled.columns.some((column) => column.key === 'ctr__prorated')).toBe(shared);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('warns when a monthly ledger is cut by week', () => {
    expect(compile({ kpis: ['cac'], grain: 'week' }).warnings[0]).toMatch(/month/);
    expect(compile({ kpis: ['cac'], grain: 'month' }).warnings).toEqual([]);
  });
});
