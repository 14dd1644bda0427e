/**
 * The dashboard's words for the server's messages: in English the screen shows the API's own
 * English (core's, made from the same key), every key has words in Chinese that say no English
 * of their own, and an unknown key falls back to the English given.
 */
import {
  baselineLabel,
  baselineNote,
  baselinesNote,
  buildBreakdown,
  buildCatalog,
  builtinScorecardTemplates,
  computePace,
  dataThroughNote,
  defaultWindowNote,
  dimensionGapOf,
  dimensionUnavailableNote,
  dimensionUnavailableReason,
  english,
  MESSAGE_FORMATS,
  MESSAGE_KEYS,
  narrowerTargetNote,
  noEntitiesNote,
  notScored,
  parseTarget,
  periodOfTargetNote,
  placeAmongWindows,
  positionInHistory,
  rateAttainable,
  rateMeasurable,
  rateRelevant,
  rateSpecific,
  rateTimeBound,
  scoreEntities,
  summarizeBaselines,
  unavailableNote,
  type WindowValue,
} from '@markpi/core';
import i18next, { type i18n as I18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { zh } from '../i18n/zh';
import { type AnyMessage, sayMessage } from './messages';

const catalog = buildCatalog();
const JUNE = { from: '2026-06-01', to: '2026-06-30' };
const kpiName = (id: string) => catalog.kpis.get(id)?.name.zh ?? id;
let i18n: I18n;

beforeAll(async () => {
  i18n = i18next.createInstance();
  await i18n.init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zh } },
    lng: 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
});

async function sayIn(language: 'en' | 'zh-CN', said: AnyMessage): Promise<string | null> {
  await i18n.changeLanguage(language);
  return sayMessage(i18n, said, { kpiName });
}

/**
 * Every message core says — reasons, summaries, notes, and every baseline's label — over a
 * deterministic spread of targets, history and evidence.
 */
function coreMessages(): AnyMessage[] {
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const day = (year: number, month: number, date: number) =>
    `${year}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`;
  const value = () =>
    pick([0, 1, -1, 0.0001, 100, 1234.5, 5000, 99_999, 0.025, 1.8, 50, 45, 24, random() * 1000]);
  const window = (from: string, to: string, days: number): WindowValue => {
    const active = random() < 0.5 ? undefined : Math.floor(random() * (days + 1));
    return {
      from,
      to,
      value: random() < 0.15 ? null : value(),
      ...(active !== undefined ? { activeDays: active } : {}),
      ...(random() < 0.1 ? { flag: 'upper_bound' } : {}),
    };
  };
  const kpis = [...catalog.kpis.values()];
  const templates = builtinScorecardTemplates();
  const said: AnyMessage[] = [];
  for (let index = 0; index < 600; index++) {
    const kpi = pick(kpis);
    const month = 1 + Math.floor(random() * 12);
    const period = pick([
      { from: day(2026, month, 1), to: day(2026, month, 28) },
      { from: day(2026, month, 1), to: day(2026, month, 10) },
      { from: day(2026, month, 5), to: day(2026, month, 5) },
      { from: '2026-01-01', to: '2027-06-30' },
    ]);
    const summary = summarizeBaselines(kpi, period, {
      ...(random() < 0.7 ? { lastYear: window(day(2025, month, 1), day(2025, month, 28), 28) } : {}),
      ...(random() < 0.5 ? { previous: window('2025-12-01', '2025-12-31', 31) } : {}),
      ...(random() < 0.5 ? { trailing: window('2025-10-01', '2025-12-31', 92) } : {}),
      months: Array.from({ length: Math.floor(random() * 8) }, (_, m) =>
        window(day(2025, m + 1, 1), day(2025, m + 1, 28), 28),
      ),
      benchmarks:
        random() < 0.3
          ? [{ kpi: kpi.id, segment: pick(['all', '抖音']), value: value(), source: '行业报告 2025' }]
          : [],
    });
    said.push(...summary.noteMessages, ...summary.baselines.map(baselineLabel));
    const position = positionInHistory(kpi, value(), summary);
    said.push(position.messages.summary);
    const thresholds = pick([undefined, { warnAbove: 0.05, failAbove: 0.5, warnBelow: -0.05 }]);
    const known = random() < 0.05 ? undefined : kpi;
    said.push(rateAttainable(known, random() < 0.1 ? undefined : position, thresholds).message);
    const target = parseTarget({
      id: 'x',
      kpi: known?.id ?? 'nope',
      scope: random() < 0.3 ? { label: '全部' } : { filter: "campaign = 'c'", label: '年中大促' },
      period,
      value: 1,
      ...(random() < 0.8 ? { goal: pick(['成交额', '提升年中大促的成交额与回报']) } : {}),
      cadence: pick(['weekly', 'monthly'] as const),
    });
    const problems = random() < 0.2 ? [{ message: 'no dimension `campaign` on fact x' }] : [];
    said.push(rateSpecific(target, known, problems).message);
    said.push(
      rateMeasurable(
        target,
        known,
        random() < 0.2
          ? undefined
          : {
              window: { from: '2024-05-20', to: '2026-06-20' },
              scopeMonthsWithData: pick([0, 1, 3]),
              workspaceHasData: random() < 0.8,
              flags: pick([[], ['upper_bound'], ['upper_bound', 'approximate']]),
            },
      ).message,
    );
    const template = random() < 0.3 ? undefined : pick(templates);
    said.push(
      rateRelevant(
        target,
        known,
        template
          ? { ...(random() < 0.7 ? { campaignGoal: template.goal ?? 'promotion' } : {}), template }
          : {},
      ).message,
    );
    said.push(rateTimeBound(target, pick(['2026-01-01', '2026-07-01', '2028-01-01'])).message);
  }
  // Judged against a best month that cost nothing: the improvement, with the month's label.
  const cpl = catalog.kpi('cpl');
  const free = summarizeBaselines(cpl, JUNE, {
    months: [
      { from: '2026-03-01', to: '2026-03-31', value: 0 },
      { from: '2026-04-01', to: '2026-04-30', value: 50 },
    ],
  });
  said.push(rateAttainable(cpl, positionInHistory(cpl, 45, free)).message);
  // A stretch: 20% beyond a steady history, between the warning and the failing bound.
  const reach = catalog.kpi('impressions');
  const steady = summarizeBaselines(reach, JUNE, {
    lastYear: { from: '2025-06-01', to: '2025-06-30', value: 100 },
    months: [
      { from: '2026-03-01', to: '2026-03-31', value: 100 },
      { from: '2026-04-01', to: '2026-04-30', value: 100 },
    ],
  });
  said.push(
    rateAttainable(reach, positionInHistory(reach, 120, steady), {
      warnAbove: 0.05,
      failAbove: 0.5,
      warnBelow: -0.05,
    }).message,
  );
  // A campaign window placed among fortnights of history: over, under, level with and within the
  // best one, beyond and short of all, a percentile, and reach added up over days.
  const fortnight = (from: string, value: number, flag?: string): WindowValue => ({
    from,
    to: `${from.slice(0, 8)}${String(Number(from.slice(8)) + 13).padStart(2, '0')}`,
    value,
    ...(flag ? { flag } : {}),
  });
  const fortnights = (values: number[], flag?: string) =>
    values.map((value, index) => fortnight(`2026-0${index + 1}-01`, value, flag));
  for (const [id, value, history, flag] of [
    ['clicks', 130, [100, 120, 80]],
    ['clicks', 120, [100, 120]],
    ['clicks', 50, [100, 120]],
    ['cpc', 0.42, [0.5, 0.4, 0.45]],
    ['cpc', 0.3, [0.5, 0.4]],
    ['reach', 5000, [4000], 'upper_bound'],
  ] as const) {
    const kpi = catalog.kpi(id);
    const place = placeAmongWindows(kpi, value, fortnights([...history], flag));
    said.push(...Object.values(place.messages), rateAttainable(kpi, undefined, undefined, place).message);
  }
  // A KPI the card's dimension cannot cut: the fact it reads has no such dimension.
  const gap = dimensionGapOf(catalog, 'campaign', [
    {
      message:
        'KPI `effective_indexed_posts` reads Search-result snapshots (fact_search_results), which has no dimension `campaign`',
    },
  ])!;
  said.push(dimensionUnavailableNote('effective_indexed_posts', gap), dimensionUnavailableReason(gap));
  // The pace's first note when the data stops early, or has none lately.
  said.push(
    dataThroughNote('roi', '2026-10-31', '2026-09-01'),
    dataThroughNote('roi', undefined, '2026-09-01'),
  );
  // An event compared with its own dates last year, as they are and pro-rated.
  for (const to of ['2025-02-04', '2025-02-05']) {
    const sale = summarizeBaselines(
      catalog.kpi('clicks'),
      { from: '2026-02-10', to: '2026-02-23' },
      {
        lastYear: { from: '2025-01-22', to, value: 2800 },
        lastYearEvent: '年货节 2025',
        months: [],
      },
    );
    said.push(...sale.baselines.map(baselineLabel));
  }
  // Every pacing note: not started, no data, a recent run rate, over, as of the last day, few
  // levels, nothing planned yet.
  const impressions = catalog.kpi('impressions');
  const followers = catalog.kpi('followers_total');
  const TEN = { from: '2026-01-01', to: '2026-01-10' };
  const even = buildBreakdown({ kpi: impressions, value: 1000, period: TEN, mode: 'even' });
  const daily = (values: number[]) =>
    values.map((value, index) => ({ date: `2026-01-${String(index + 1).padStart(2, '0')}`, value }));
  const paces = [
    computePace({ kpi: impressions, breakdown: even, asOf: '2025-12-20', actualToDate: null, daily: [] }),
    computePace({ kpi: impressions, breakdown: even, asOf: '2026-01-04', actualToDate: null, daily: [] }),
    computePace({
      kpi: impressions,
      breakdown: even,
      asOf: '2026-01-04',
      actualToDate: 400,
      daily: daily([60, 80, 120, 140]),
      runRateDays: 2,
    }),
    computePace({
      kpi: impressions,
      breakdown: even,
      asOf: '2026-02-15',
      actualToDate: 1100,
      daily: daily(Array.from({ length: 10 }, () => 110)),
    }),
    computePace({
      kpi: impressions,
      breakdown: even,
      asOf: '2026-01-08',
      actualToDate: 400,
      daily: daily(Array.from({ length: 8 }, () => 50)),
      today: '2026-01-20',
    }),
    computePace({
      kpi: followers,
      breakdown: buildBreakdown({ kpi: followers, value: 1300, startLevel: 1000, period: TEN, mode: 'even' }),
      asOf: '2026-01-02',
      actualToDate: 1020,
      daily: daily([1010, 1020]),
    }),
    computePace({
      kpi: impressions,
      breakdown: buildBreakdown({
        kpi: impressions,
        value: 800,
        period: { from: '2026-01-01', to: '2026-01-04' },
        mode: 'seasonal',
        lastYearDaily: new Map([
          ['2026-01-01', 0],
          ['2026-01-02', 0],
          ['2026-01-03', 2],
          ['2026-01-04', 4],
        ]),
      }),
      asOf: '2026-01-02',
      actualToDate: 50,
      daily: daily([20, 30]),
    }),
  ];
  for (const pace of paces) said.push(...pace.noteMessages);
  // Every scorecard note: a KPI's (no data, no target, a target of 0, a free cost, capped, not
  // available, against a baseline), an entity's flags, the card's own lines.
  const promotion = builtinScorecardTemplates().find((template) => template.id === 'promotion')!;
  const directionOf = (id: string) => catalog.kpi(id).direction;
  const cards = scoreEntities(promotion, directionOf, [
    {
      entity: 'a',
      kpis: {
        roi: { actual: 2, target: 1.2 },
        cpl: { actual: 0, target: 50 },
        impressions: { actual: null, target: 1 },
      },
    },
    { entity: 'b', kpis: { roi: { actual: 1, target: 0 }, cpl: { actual: 1, target: null } } },
    {
      entity: 'c',
      kpis: {
        roi: {
          actual: 1,
          target: 1.1,
          flag: 'upper_bound',
          basis: 'own_history',
          basisNote: baselineNote('own_history', JUNE),
        },
        cpl: { actual: 50, target: 50, basis: 'peers_median', basisNote: baselineNote('peers_median', 3) },
        impressions: { actual: null, target: null, unavailable: 'no campaign on these facts' },
      },
    },
  ]);
  for (const card of cards) {
    said.push(...card.flagMessages);
    for (const kpi of card.kpis) if (kpi.noteMessage) said.push(kpi.noteMessage);
  }
  said.push(
    notScored(cards)!.message,
    notScored(
      scoreEntities(promotion, directionOf, [
        { entity: 'x', kpis: {} },
        {
          entity: 'y',
          kpis: { roi: { actual: null, target: 1, unavailable: 'no campaign on these facts' } },
        },
      ]),
    )!.message,
    narrowerTargetNote('roi-618', JUNE, 'roi', '618-2026'),
    unavailableNote('effective_indexed_posts', 'campaign', 'search-result snapshots have no campaign'),
    noEntitiesNote(),
    periodOfTargetNote(JUNE, { id: 'roi-618', kpi: 'roi', scope: '618-2026' }),
    defaultWindowNote('2026-06-30'),
    baselinesNote('own_history'),
    baselinesNote('peers_median'),
  );
  return said;
}

/** Every key in a message, nested ones too. */
function keysOf(said: AnyMessage, into = new Set<string>()): Set<string> {
  into.add(said.key);
  for (const value of Object.values(said.params as Record<string, unknown>)) {
    for (const item of Array.isArray(value) ? value : [value])
      if (typeof item === 'object' && item !== null) keysOf(item as AnyMessage, into);
  }
  return into;
}

/** The text a message carries as it is (user text, ids and their names, the engine's problems). */
function carried(said: AnyMessage, into: string[] = []): string[] {
  for (const [name, value] of Object.entries(said.params as Record<string, unknown>)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'object' && item !== null) carried(item as AnyMessage, into);
      else if (typeof item === 'string' && !['from', 'to', 'day', 'today', 'month'].includes(name))
        into.push(item, kpiName(item));
    }
  }
  return into.sort((a, b) => b.length - a.length);
}

describe('the dashboard’s words for server messages', () => {
  const said = coreMessages();

  it('cover every key in Chinese, and the spread reaches every key but the fallback', () => {
    const seen = new Set<string>();
    for (const message of said) keysOf(message, seen);
    expect(MESSAGE_KEYS.filter((key) => !seen.has(key))).toEqual(['text.as_is']);
    const missing = MESSAGE_KEYS.filter(
      (key) =>
        !i18n.exists(`messages.${key}`, { lng: 'zh-CN', fallbackLng: false, count: 2 }) &&
        !i18n.exists(`messages.${key}`, { lng: 'zh-CN', fallbackLng: false }),
    );
    expect(missing).toEqual([]);
  });

  it('say in Chinese the parameters each key carries, with formats core names', () => {
    const FORMATS = new Set(
      Object.values(MESSAGE_FORMATS).flatMap((formats) => Object.values(formats ?? {})),
    );
    const used = (key: string) => {
      const path = key.split('.');
      const parent = path
        .slice(0, -1)
        .reduce<Record<string, unknown>>((at, part) => at[part] as Record<string, unknown>, zh.messages);
      const last = path.at(-1)!;
      const templates = [parent[last], parent[`${last}_one`], parent[`${last}_other`]].filter(
        (template): template is string => typeof template === 'string',
      );
      expect(templates.length, key).toBeGreaterThan(0);
      const params = new Map<string, string | undefined>();
      for (const template of templates)
        for (const [, name, format] of template.matchAll(/\{\{(\w+)(?:, (\w+))?\}\}/g))
          params.set(name!, format);
      return params;
    };
    // The parameters each key's messages carry, over the spread.
    const carriedBy = new Map<string, Set<string>>();
    const collect = (message: AnyMessage) => {
      const names = carriedBy.get(message.key) ?? new Set<string>();
      carriedBy.set(message.key, names);
      for (const [name, value] of Object.entries(message.params as Record<string, unknown>)) {
        names.add(name);
        for (const item of Array.isArray(value) ? value : [value])
          if (typeof item === 'object' && item !== null) collect(item as AnyMessage);
      }
    };
    for (const message of said) collect(message);
    collect({ key: 'text.as_is', params: { text: '' } });
    for (const key of MESSAGE_KEYS) {
      for (const [name, format] of used(key)) {
        expect(carriedBy.get(key)?.has(name), `${key}: {{${name}}}`).toBe(true);
        if (format) expect(FORMATS.has(format), `${key}: ${format}`).toBe(true);
      }
    }
  });

  it('leave English to the API, whose English core makes from the same key', async () => {
    for (const message of said) expect(await sayIn('en', message)).toBeNull();
    // What the screen shows then: the English the message came with.
    const check = rateTimeBound(
      parseTarget({ id: 'x', kpi: 'roi', period: { from: '2026-05-20', to: '2026-06-20' }, value: 1 }),
      '2026-11-23',
    );
    await i18n.changeLanguage('en');
    expect(sayMessage(i18n, check.message) ?? check.reason).toBe(english(check.message));
  });

  it('say in Chinese no English of their own', async () => {
    for (const message of said) {
      const text = (await sayIn('zh-CN', message)) ?? '';
      expect(text).toMatch(/[\u4e00-\u9fff]/);
      let rest = text;
      for (const kept of carried(message)) rest = rest.replaceAll(kept, ' ');
      expect(rest.match(/[A-Za-z]{2,}/g), `${message.key}: ${text}`).toBeNull();
    }
  });

  it('format numbers, days and names the app’s way in Chinese', async () => {
    const check = rateTimeBound(
      parseTarget({ id: 'x', kpi: 'roi', period: { from: '2026-05-20', to: '2026-06-20' }, value: 1 }),
      '2026-11-23',
    );
    expect(await sayIn('zh-CN', check.message)).toBe(
      '周期 2026年5月20日至2026年6月20日（32 天）在 2026年11月23日 之前已结束：请先复盘，再设定下一期目标',
    );
    expect(
      await sayIn('zh-CN', {
        key: 'smart.attainable.stretch',
        params: {
          compared: {
            key: 'history.vs_baseline',
            params: { change: 0.4, against: { key: 'baseline.name.same_period_last_year', params: {} } },
          },
          limit: 0.3,
          place: [
            { key: 'history.needs_over', params: { change: 1 / 6, month: '2026-04' } },
            { key: 'history.beyond_all', params: { count: 3 } },
          ],
        },
      }),
    ).toBe(
      '有挑战：较去年同期 +40.0%，超过 +30.0%；需比历史最佳月（2026年4月）再提升 17%；高于全部 3 个有记录的月份',
    );
    expect(
      await sayIn('zh-CN', {
        key: 'smart.relevant.not_weighed',
        params: {
          goal: '口碑',
          campaignGoal: 'word_of_mouth',
          kpis: ['interactions', 'save_rate'],
          kpi: 'roi',
        },
      }),
    ).toBe(
      `已写明业务目标（“口碑”），但日常口碑活动的计分卡考核的是${kpiName('interactions')}、${kpiName('save_rate')}，而不是${kpiName('roi')}`,
    );
  });

  it('say the pace’s data-through note from its key: as the API in English, the app’s way in Chinese', async () => {
    const through = dataThroughNote('roi', '2026-10-31', '2026-09-01');
    expect(english(through)).toBe('the workspace has roi data through 2026-10-31');
    expect(await sayIn('zh-CN', through)).toBe(`工作区的${kpiName('roi')}数据截至 2026年10月31日`);
    const none = dataThroughNote('roi', undefined, '2026-09-01');
    expect(english(none)).toBe('the workspace has no roi data since 2026-09-01');
    expect(await sayIn('zh-CN', none)).toBe(`工作区自 2026年9月1日 起没有${kpiName('roi')}数据`);
  });

  it('fall back to the English given when a key, or a nested one, has no words here', async () => {
    expect(await sayIn('zh-CN', { key: 'smart.specific.from_the_future', params: {} })).toBeNull();
    expect(
      await sayIn('zh-CN', {
        key: 'smart.attainable.pass',
        params: { compared: { key: 'history.from_the_future', params: {} }, place: [] },
      }),
    ).toBeNull();
  });
});
