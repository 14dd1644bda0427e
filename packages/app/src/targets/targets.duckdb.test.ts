/**
 * Targets and scorecards on a real DuckDB warehouse: the hand-made KPI fixture (its figures are
 * worked out in scenarios/kpi-scenarios.ts) plus a small spring campaign on Weibo written here,
 * whose every number is in the comments.
 */
import { baselineLabel, buildCatalog, findBaseline, type MarkpiError, normalCdf } from '@markpi/core';
import {
  addTarget,
  type CellValue,
  getEventCalendar,
  getTarget,
  importBenchmarks,
  listBenchmarks,
  listScorecardTemplates,
  listTargets,
  loadScenarioFixture,
  openDuckDbWarehouse,
  saveEventCalendar,
  saveScorecardTemplate,
  targetHistory,
  updateTarget,
  type Warehouse,
} from '@markpi/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scorecard } from './scorecard.js';
import { breakdownTarget, checkTarget, paceTarget, suggestTarget, targetBaselines } from './services.js';

const catalog = buildCatalog();
/** The fixture's channels: keeps the spring campaign (Weibo) out of the fixture's figures. */
const FIXTURE_CHANNELS = "channel in ('douyin', 'xiaohongshu', 'meta')";
const JANUARY = { from: '2026-01-01', to: '2026-01-31' };

// Spring 2026 on Weibo, 1–4 March: 90, 110, 100, 100 impressions (nothing after).
// Spring 2025, 1–10 March: 100, 100, 200, 400, 50, 50, 25, 25, 25, 25 (1,000 in all).
const SPRING_2026 = [90, 110, 100, 100];
const SPRING_2025 = [100, 100, 200, 400, 50, 50, 25, 25, 25, 25];

async function appendSpring(warehouse: Warehouse): Promise<void> {
  const rows: { date: string; campaign: string; impressions: number }[] = [
    ...SPRING_2026.map((impressions, index) => ({
      date: `2026-03-0${index + 1}`,
      campaign: 'spring-2026',
      impressions,
    })),
    ...SPRING_2025.map((impressions, index) => ({
      date: `2025-03-${String(index + 1).padStart(2, '0')}`,
      campaign: 'spring-2025',
      impressions,
    })),
  ];
  const column = (pick: (row: (typeof rows)[number]) => CellValue) => rows.map(pick);
  await warehouse.append('fact_performance', {
    rowCount: rows.length,
    columns: {
      date: column((row) => row.date),
      channel: column(() => 'weibo'),
      campaign: column((row) => row.campaign),
      impressions: column((row) => row.impressions),
    },
  });
  await warehouse.append('dim_campaigns', {
    rowCount: 3,
    columns: {
      campaign: ['spring-2026', 'spring-2025', 'c1'],
      name: ['Spring serum launch 2026', 'Spring 2025', 'Douyin push'],
      goal: ['launch', 'launch', 'promotion'],
    },
  });
}

const springTarget = {
  id: 'spring-impressions',
  kpi: 'impressions',
  scope: { filter: "campaign = 'spring-2026'", label: 'Spring 2026' },
  baselineScope: { filter: "campaign = 'spring-2025'", label: 'Spring 2025' },
  period: { from: '2026-03-01', to: '2026-03-10' },
  value: 1000,
  goal: 'Launch the spring serum with reach on Weibo',
  owner: 'Brand team',
  cadence: 'weekly' as const,
};

describe('targets on DuckDB', () => {
  let warehouse: Warehouse;

  beforeAll(async () => {
    warehouse = await openDuckDbWarehouse({ path: ':memory:' });
    await loadScenarioFixture(warehouse);
    await appendSpring(warehouse);
  });
  afterAll(async () => {
    await warehouse.close();
  });

  describe('versioned targets', () => {
    it('adds, updates and keeps every version with what changed', async () => {
      const first = await addTarget(
        warehouse,
        catalog,
        {
          id: 'ctr-douyin',
          kpi: 'ctr',
          scope: { filter: "channel = 'douyin'", label: 'Douyin' },
          period: JANUARY,
          value: 0.02,
        },
        { now: new Date('2026-01-01T08:00:00Z'), author: 'ana' },
      );
      expect(first).toMatchObject({ version: 1, createdAt: '2026-01-01T08:00:00.000Z', author: 'ana' });
      const second = await updateTarget(
        warehouse,
        catalog,
        'ctr-douyin',
        { value: 0.025, owner: 'ana' },
        { now: new Date('2026-01-10T08:00:00Z'), reason: 'creative refresh' },
      );
      expect(second.version).toBe(2);
      expect((await getTarget(warehouse, 'ctr-douyin')).target.value).toBe(0.025);
      const history = await targetHistory(warehouse, 'ctr-douyin');
      expect(history.versions.map((version) => version.target.value)).toEqual([0.02, 0.025]);
      expect(history.changes).toEqual([
        {
          version: 2,
          createdAt: '2026-01-10T08:00:00.000Z',
          reason: 'creative refresh',
          changes: [
            { field: 'owner', before: undefined, after: 'ana' },
            { field: 'value', before: 0.02, after: 0.025 },
          ],
        },
      ]);
    });

    it('derives an id, and refuses duplicates, unknown KPIs, unmeasurable scopes and empty changes', async () => {
      const derived = await addTarget(warehouse, catalog, {
        kpi: 'spend',
        scope: { label: 'All' },
        period: JANUARY,
        value: 1000,
      });
      expect(derived.target.id).toBe('spend-all-2026-01-01');
      const code = async (work: Promise<unknown>) => {
        try {
          await work;
          return 'ok';
        } catch (error) {
          return (error as MarkpiError).code;
        }
      };
      expect(
        await code(
          addTarget(warehouse, catalog, { id: 'ctr-douyin', kpi: 'ctr', period: JANUARY, value: 1 }),
        ),
      ).toBe('target_exists');
      expect(
        await code(addTarget(warehouse, catalog, { id: 'x', kpi: 'ctrr', period: JANUARY, value: 1 })),
      ).toBe('unknown_kpi');
      expect(
        await code(
          addTarget(warehouse, catalog, {
            id: 'y',
            kpi: 'effective_indexed_posts',
            scope: { filter: "campaign = 'c1'", label: 'c1' },
            period: JANUARY,
            value: 1,
          }),
        ),
      ).toBe('invalid_target');
      expect(await code(updateTarget(warehouse, catalog, 'ctr-douyin', { value: 0.025 }))).toBe('no_change');
      expect(await code(getTarget(warehouse, 'nope'))).toBe('unknown_target');
      expect(
        (await listTargets(warehouse, { kpi: 'ctr' })).map((entry) => [entry.target.id, entry.version]),
      ).toEqual([['ctr-douyin', 2]]);
    });
  });

  describe('baselines', () => {
    it('compares an event with the same event’s own dates last year, where it moved', async () => {
      // A saved calendar's spring sale ran 3–6 March 2025 (200 + 400 + 50 + 50 = 700 in four
      // days) and runs 2–4 March 2026. The same calendar days, 2–4 March 2025, held 700 too
      // (100 + 200 + 400) but are not the event; its own four days pro-rated to three: 525.
      await saveEventCalendar(warehouse, {
        id: 'spring-sale',
        name: 'Spring sale',
        events: [
          { name: 'Spring sale 2025', from: '2025-03-03', to: '2025-03-06', weight: 2 },
          { name: 'Spring sale 2026', from: '2026-03-02', to: '2026-03-04', weight: 2 },
        ],
      });
      const summary = await targetBaselines(warehouse, catalog, {
        kpi: 'impressions',
        filter: "campaign = 'spring-2025'",
        period: { from: '2026-03-02', to: '2026-03-04' },
      });
      const lastYear = findBaseline(summary, 'same_period_last_year')!;
      expect(lastYear).toEqual({
        kind: 'same_period_last_year',
        label: 'same event last year (Spring sale 2025) (pro-rated to 3 days)',
        value: 700,
        comparable: 525,
        from: '2025-03-03',
        to: '2025-03-06',
      });
      expect(baselineLabel(lastYear).key).toBe('baseline.label_prorated');
      // A period that is not an event's dates keeps the same calendar days.
      const days = await targetBaselines(warehouse, catalog, {
        kpi: 'impressions',
        filter: "campaign = 'spring-2025'",
        period: { from: '2026-03-02', to: '2026-03-05' },
      });
      expect(findBaseline(days, 'same_period_last_year')).toMatchObject({ from: '2025-03-02', value: 750 });
    });

    it('compares a campaign with last year’s campaign over the same dates, per day with data', async () => {
      // Spring 2025 earned 1,000 on 1–10 March 2025, every day active. March 2025 as a month has
      // data on 10 of 31 days: partial, so it is not ranked as a "best month".
      const summary = await targetBaselines(warehouse, catalog, {
        kpi: 'impressions',
        filter: "campaign = 'spring-2025'",
        period: { from: '2026-03-01', to: '2026-03-10' },
      });
      expect(summary.baselines).toEqual([
        {
          kind: 'same_period_last_year',
          label: 'same period last year',
          value: 1000,
          comparable: 1000,
          from: '2025-03-01',
          to: '2025-03-10',
        },
      ]);
      expect(summary.history.find((month) => month.month === '2025-03')).toEqual({
        month: '2025-03',
        value: 1000,
        comparable: null,
        partial: true,
      });
      const { suggestion } = await suggestTarget(warehouse, catalog, {
        kpi: 'impressions',
        filter: "campaign = 'spring-2025'",
        period: { from: '2026-03-01', to: '2026-03-10' },
      });
      expect(suggestion).toMatchObject({ value: 1100, basis: { kind: 'same_period_last_year' } });
    });

    it('leaves out windows with data on under half their days', async () => {
      // The fixture's impressions sit on a handful of days: Feb 2026 has data on 2 of 28 days.
      const summary = await targetBaselines(warehouse, catalog, {
        kpi: 'impressions',
        filter: FIXTURE_CHANNELS,
        period: { from: '2026-03-01', to: '2026-03-31' },
      });
      expect(summary.baselines).toEqual([]);
      expect(summary.notes.join(' ')).toContain(
        'previous period 2026-02-01 … 2026-02-28 (data on 2 of 28 days)',
      );
    });

    it('computes a ratio’s trailing level from the window’s sums, not from monthly ratios', async () => {
      const summary = await targetBaselines(warehouse, catalog, {
        kpi: 'ctr',
        filter: FIXTURE_CHANNELS,
        period: { from: '2026-03-01', to: '2026-03-31' },
      });
      // (230 + 40) / (8,500 + 2,000); the mean of January's and February's CTRs would be 0.0235
      expect(summary.baselines.find((baseline) => baseline.kind === 'trailing')?.value).toBeCloseTo(
        270 / 10_500,
        12,
      );
    });

    it('includes imported benchmarks, replacing earlier ones on request', async () => {
      await importBenchmarks(warehouse, catalog, [
        { kpi: 'ctr', segment: 'douyin', value: 0.015, source: 'industry report 2025' },
      ]);
      await importBenchmarks(
        warehouse,
        catalog,
        [{ kpi: 'ctr', segment: 'douyin', value: 0.018, source: 'industry report 2026' }],
        { replace: true },
      );
      expect(await listBenchmarks(warehouse, 'ctr')).toEqual([
        { kpi: 'ctr', segment: 'douyin', value: 0.018, source: 'industry report 2026' },
      ]);
      await expect(
        importBenchmarks(warehouse, catalog, [{ kpi: 'nope', value: 1, source: 's' }]),
      ).rejects.toThrow(/unknown KPIs: nope/);

      const ctr = await targetBaselines(warehouse, catalog, {
        kpi: 'ctr',
        period: { from: '2026-03-01', to: '2026-03-31' },
      });
      expect(ctr.baselines.find((baseline) => baseline.kind === 'benchmark')).toMatchObject({
        comparable: 0.018,
        segment: 'douyin',
      });
    });
  });

  describe('breakdown', () => {
    it('follows last year’s shape in the baseline scope, summing back exactly', async () => {
      const breakdown = await breakdownTarget(warehouse, catalog, {
        ...springTarget,
        value: 2000,
        breakdown: { mode: 'seasonal' },
      });
      // Spring 2025's days ×2
      expect(breakdown.days.map((day) => day.value)).toEqual([200, 200, 400, 800, 100, 100, 50, 50, 50, 50]);
      expect(breakdown.months).toEqual([
        { level: 'month', from: '2026-03-01', to: '2026-03-10', value: 2000, cumulative: 2000, share: 1 },
      ]);
    });

    it('weights days by a saved event calendar', async () => {
      await saveEventCalendar(warehouse, {
        id: 'spring-launch',
        name: 'Spring launch',
        events: [{ name: 'launch day', from: '2026-03-03', weight: 4 }],
      });
      const breakdown = await breakdownTarget(warehouse, catalog, {
        ...springTarget,
        value: 1300,
        breakdown: { mode: 'events', calendar: 'spring-launch' },
      });
      // nine ordinary days and a launch day of 4: 1,300 / 13 = 100 a day, 400 on 3 March
      expect(breakdown.days.map((day) => day.value)).toEqual([
        100, 100, 400, 100, 100, 100, 100, 100, 100, 100,
      ]);
      expect((await getEventCalendar(warehouse, 'cn-retail', [2026])).events.length).toBe(7);
      await expect(getEventCalendar(warehouse, 'nope', [2026])).rejects.toThrow(/no event calendar/);
    });
  });

  describe('pacing', () => {
    it('paces an even target on the engine’s numbers (hand-computed in core’s pacing tests)', async () => {
      await addTarget(warehouse, catalog, springTarget);
      const pace = await paceTarget(warehouse, catalog, 'spring-impressions', { asOf: '2026-03-04' });
      // 400 against 400 to date; run rate 1,000 → 1,000; sd √1000; even odds.
      expect(pace).toMatchObject({
        targetId: 'spring-impressions',
        status: 'green',
        actualToDate: 400,
        targetToDate: 400,
        index: 1,
      });
      expect(pace.projection!.value).toBeCloseTo(1000, 9);
      expect(pace.projection!.sd).toBeCloseTo(Math.sqrt(1000), 9);
      expect(pace.probability).toBeCloseTo(0.5, 6);
    });

    it('paces as of the last day with data when exports lag', async () => {
      const pace = await paceTarget(warehouse, catalog, 'spring-impressions', { asOf: '2026-03-08' });
      expect(pace).toMatchObject({ asOf: '2026-03-04', dataThrough: '2026-03-04', actualToDate: 400 });
      expect(pace.notes[0]).toBe('the workspace has impressions data through 2026-03-04');
    });

    it('is red against a seasonal plan whose big days have passed', async () => {
      // Plan (last year's shape): 100, 100, 200, 400 … of 1,000 → to date 800 of weight, target to date 1,600 of 2,000.
      // Actual 400 → index 0.25. r = 400 / 0.8 = 500 → 400 + 500 × 0.2 = 500.
      // Residuals 40, 60, 0, −100 on weights 0.1, 0.1, 0.2, 0.4: σ² = (16,000 + 36,000 + 25,000) / 3;
      // Var = σ² × (0.2 + 0.04 / 0.8) = 6,416.67.
      const target = {
        ...springTarget,
        id: 'spring-seasonal',
        value: 2000,
        breakdown: { mode: 'seasonal' as const },
      };
      await addTarget(warehouse, catalog, target);
      const pace = await paceTarget(warehouse, catalog, 'spring-seasonal', { asOf: '2026-03-04' });
      expect(pace).toMatchObject({ status: 'red', targetToDate: 1600, actualToDate: 400, index: 0.25 });
      expect(pace.projection!.value).toBeCloseTo(500, 9);
      expect(pace.projection!.sd).toBeCloseTo(Math.sqrt(77_000 / 3 / 4), 9);
      expect(pace.probability).toBeCloseTo(1 - normalCdf(1500 / Math.sqrt(77_000 / 12)), 12);
    });

    it('says a future period has not started', async () => {
      const pace = await paceTarget(
        warehouse,
        catalog,
        { ...springTarget, period: { from: '2027-03-01', to: '2027-03-10' } },
        {
          today: '2026-03-04',
        },
      );
      expect(pace.status).toBe('not_started');
    });
  });

  describe('SMART check', () => {
    it('passes a well-formed target on every letter', async () => {
      const check = await checkTarget(warehouse, catalog, springTarget, { today: '2026-03-02' });
      expect(check.overall).toBe('pass');
      expect(check.campaignGoal).toBe('launch');
      expect(Object.fromEntries(check.letters.map((letter) => [letter.letter, letter.reason]))).toEqual({
        specific: "impressions in Spring 2026 (campaign = 'spring-2026')",
        // Asked about 24 months back; cited: the days Spring 2026 has data (1–2 March so far).
        measurable: 'impressions has data for Spring 2026 in 1 month(s) of 2026-03-01 … 2026-03-02',
        // Spring 2025 earned 1,000 on the same 10 days (March 2025 is partial: not a month to rank).
        attainable: '±0% vs the same period last year',
        relevant:
          'serves “Launch the spring serum with reach on Weibo”; impressions carries 40% of the New-product launch scorecard',
        time_bound: '2026-03-01 … 2026-03-10 (10 days), reviewed weekly',
      });
    });

    it('judges a finished period as past, fails a KPI with no data anywhere, warns on a scope with none yet', async () => {
      // Over on 1 April: it was time-bound, so T passes and says it is due for review.
      const past = (await checkTarget(warehouse, catalog, springTarget, { today: '2026-04-01' })).letters[4]!;
      expect(past.rating).toBe('pass');
      expect(past.reason).toBe(
        'the period 2026-03-01 … 2026-03-10 (10 days) ended before 2026-04-01: review it, then set the next one',
      );
      const future = await checkTarget(
        warehouse,
        catalog,
        { ...springTarget, id: 'leads-2030', kpi: 'leads', period: { from: '2030-01-01', to: '2030-01-31' } },
        { today: '2026-03-02' },
      );
      // leads isn't weighed in a launch campaign's scorecard either: R warns.
      expect(future.letters.map((letter) => letter.rating)).toEqual(['pass', 'fail', 'warn', 'warn', 'pass']);
      const noMeta = await checkTarget(
        warehouse,
        catalog,
        {
          ...springTarget,
          id: 'rpc-meta',
          kpi: 'revenue_per_customer',
          scope: { filter: "channel = 'meta'", label: 'Meta' },
          period: JANUARY,
        },
        { today: '2026-01-02' },
      );
      expect(noMeta.letters[1]).toMatchObject({ rating: 'warn' });
      expect(noMeta.letters[1]!.reason).toContain('no revenue_per_customer data yet for Meta');
    });

    it('places a campaign window among windows of its own length, citing the days they hold', async () => {
      // Five days after Spring 2025 ended: its 5-day windows before 16 March are 11–15 March (no
      // data), 6–10 March (50 + 25 × 4 = 150) and 1–5 March (100 + 100 + 200 + 400 + 50 = 850);
      // no whole month before March has any, nor last year. 900 is 900 / 850 − 1 = +5.9% over the
      // best, above both.
      const check = await checkTarget(
        warehouse,
        catalog,
        {
          ...springTarget,
          id: 'spring-2025-late',
          scope: { filter: "campaign = 'spring-2025'", label: 'Spring 2025' },
          baselineScope: undefined,
          period: { from: '2025-03-16', to: '2025-03-20' },
          value: 900,
        },
        { today: '2025-03-16' },
      );
      expect(check.letters[2]).toMatchObject({
        rating: 'pass',
        reason:
          'needs +5.9% over the best 5-day window on record (2025-03-01 … 2025-03-05); ' +
          'beyond all 2 5-day windows on record (2025-03-01 … 2025-03-10)',
      });
    });

    it('fails Specific and Measurable for a scope the KPI cannot be cut by', async () => {
      const check = await checkTarget(
        warehouse,
        catalog,
        { ...springTarget, id: 'posts', kpi: 'effective_indexed_posts', baselineScope: undefined },
        { today: '2026-03-02' },
      );
      expect(check.letters.slice(0, 2).map((letter) => letter.rating)).toEqual(['fail', 'fail']);
    });
  });

  describe('scorecards', () => {
    // January by channel (kpi-scenarios.ts): ROI douyin 700/300, meta 3, xiaohongshu none (no spend);
    // CPL douyin 300/5 = 60, others none (no leads); impressions 4,000 · 4,000 · 500.
    const targets = { roi: 2, cpl: 50, impressions: 4000 };

    it('scores the big-promotion template by channel, sharing out missing KPIs', async () => {
      const card = await scorecard(warehouse, catalog, {
        template: 'promotion',
        by: 'channel',
        period: JANUARY,
        targets,
        useStoredTargets: false,
      });
      // meta: ROI 1.5 → cap 1.2, no CPL → 0.75 × 1.2 + 0.25 × 1 = 1.15
      // douyin: 0.6 × 1.1667 + 0.2 × 0.8333 + 0.2 × 1 = 1.0667
      // xiaohongshu: impressions only, 500 / 4,000 = 0.125
      expect(card.entities.map((entry) => [entry.entity, entry.rank])).toEqual([
        ['meta', 1],
        ['douyin', 2],
        ['xiaohongshu', 3],
      ]);
      expect(card.entities.map((entry) => entry.score)).toEqual([
        expect.closeTo(1.15, 12),
        expect.closeTo(0.6 * (700 / 300 / 2) + 0.2 * (50 / 60) + 0.2, 12),
        expect.closeTo(0.125, 12),
      ]);
      expect(card.entities[0]!.flags).toEqual([
        'cpl has no data: its 20% is shared among roi and impressions',
      ]);
    });

    it('uses a stored target whose scope is exactly the entity', async () => {
      await addTarget(warehouse, catalog, {
        id: 'douyin-roi-jan',
        kpi: 'roi',
        scope: { filter: "channel = 'douyin'", label: 'Douyin' },
        period: JANUARY,
        value: 2.5,
      });
      const card = await scorecard(warehouse, catalog, {
        template: 'promotion',
        by: 'channel',
        period: JANUARY,
        targets,
      });
      const douyin = card.entities.find((entry) => entry.entity === 'douyin')!;
      expect(douyin.kpis[0]).toMatchObject({ target: 2.5, targetSource: 'target douyin-roi-jan' });
      expect(douyin.score).toBeCloseTo(0.6 * (700 / 300 / 2.5) + 0.2 * (50 / 60) + 0.2, 12);
    });

    it('marks a KPI the dimension cannot cut as unavailable (word of mouth by campaign)', async () => {
      const card = await scorecard(warehouse, catalog, {
        template: 'word_of_mouth',
        by: 'campaign',
        period: JANUARY,
        filter: FIXTURE_CHANNELS,
        targets: { effective_indexed_posts: 2, interactions: 1000, save_rate: 0.02 },
      });
      // c2 (xiaohongshu): interactions 1,300 → 1.2; save rate 60/400 → 1.2 → 1.2
      // c1 (douyin): interactions 1,225 → 1.2; save rate 40/2,000 = 0.02 → 1 → 0.6 × 1.2 + 0.4 × 1 = 1.12
      // c3 (meta): interactions 50 → 0.05; no saves reported → interactions alone
      expect(card.entities.map((entry) => [entry.entity, entry.label, entry.rank])).toEqual([
        ['c2', 'c2', 1],
        ['c1', 'Douyin push', 2],
        ['c3', 'c3', 3],
      ]);
      expect(card.entities.map((entry) => entry.score)).toEqual([
        expect.closeTo(1.2, 12),
        expect.closeTo(1.12, 12),
        expect.closeTo(0.05, 12),
      ]);
      expect(card.entities[0]!.kpis[0]).toMatchObject({
        status: 'unavailable',
        note: 'Search-result snapshots carry no campaign',
        noteMessage: {
          key: 'scorecard.note.unavailable_dimension',
          params: {
            by: {
              key: 'text.bilingual',
              params: { en: 'campaign', zh: catalog.dimension('campaign').name.zh },
            },
            fact: {
              key: 'text.bilingual',
              params: { en: 'Search-result snapshots', zh: expect.any(String) },
            },
          },
        },
      });
      // The reason is said from the names of the dimension and the fact, not the engine's English.
      expect(card.notes[0]).toBe(
        'effective_indexed_posts is not available by campaign: Search-result snapshots carry no campaign',
      );
      expect(card.noteMessages[0]!.key).toBe('scorecard.card.unavailable_dimension');
    });

    it('scores teams defined by conditions, with a saved custom template', async () => {
      await saveScorecardTemplate(warehouse, catalog, {
        id: 'growth',
        name: { en: 'Growth desk' },
        items: [
          { kpi: 'roi', weight: 0.6 },
          { kpi: 'cpl', weight: 0.2 },
          { kpi: 'impressions', weight: 0.2 },
        ],
      });
      expect((await listScorecardTemplates(warehouse)).map((template) => template.id)).toEqual([
        'launch',
        'promotion',
        'word_of_mouth',
        'growth',
      ]);
      const card = await scorecard(warehouse, catalog, {
        template: 'growth',
        by: {
          groups: [
            { id: 'china', label: 'China desk', filter: "channel in ('douyin', 'xiaohongshu')" },
            { id: 'overseas', filter: "channel = 'meta'" },
          ],
        },
        period: JANUARY,
        targets,
      });
      // china: ROI 700/300 → 1.1667, CPL 60 → 0.8333, impressions 4,500 → 1.125
      expect(card.entities.map((entry) => [entry.entity, entry.label, entry.rank])).toEqual([
        ['overseas', 'overseas', 1],
        ['china', 'China desk', 2],
      ]);
      expect(card.entities[1]!.score).toBeCloseTo(0.6 * (700 / 300 / 2) + 0.2 * (50 / 60) + 0.2 * 1.125, 12);
      await expect(
        saveScorecardTemplate(warehouse, catalog, {
          id: 'promotion',
          name: { en: 'x' },
          items: [{ kpi: 'roi', weight: 1 }],
        }),
      ).rejects.toThrow(/built-in/);
    });
  });
});
