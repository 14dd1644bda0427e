/**
 * What each page's chart image says under `chart-export.ts`'s caption: the workspace, the chart's
 * title, its KPI, its days and what narrows it (a target's or an experiment's condition, the
 * platform, the attribution's lookback, a scoped member's scope). Built from the page's data and
 * words only, so each caption is checked without a browser.
 */
import type { ChartCaption } from './chart-export';
import { formatRange } from './format';

type Translate = (key: string, options?: Record<string, string>) => string;

/** Where a chart is: its workspace, the page's language, and the reader's scope said in a line. */
export interface ChartPlace {
  workspace: string;
  locale: string;
  /** The scope's values (`抖音、快手`) when the reader sees part of the workspace only. */
  scope?: string | null | undefined;
}

interface Days {
  from: string;
  to: string;
}

/** The parts that narrow a chart, the reader's scope last, in one line; nothing when none does. */
function narrowedBy(t: Translate, place: ChartPlace, parts: readonly (string | null | undefined)[]): string {
  const scope = place.scope ? t('access.chip', { values: place.scope }) : null;
  return [...parts, scope].filter((part): part is string => !!part && part.trim() !== '').join(' · ');
}

function caption(
  t: Translate,
  place: ChartPlace,
  shown: { title: string; kpi: string; days: Days; narrowed: readonly (string | null | undefined)[] },
): ChartCaption {
  return {
    workspace: place.workspace,
    title: shown.title,
    kpi: shown.kpi,
    period: formatRange(shown.days.from, shown.days.to, place.locale),
    filter: narrowedBy(t, place, shown.narrowed),
  };
}

/** A target's pacing chart: the target's KPI over its period, under its scope's condition. */
export function paceCaption(
  t: Translate,
  place: ChartPlace,
  target: { kpi: string; scopeLabel: string; period: Days; filter?: string | undefined },
): ChartCaption {
  return caption(t, place, {
    title: `${t('targets.pacing')} · ${target.scopeLabel}`,
    kpi: target.kpi,
    days: target.period,
    narrowed: [target.filter],
  });
}

/** A creator's daily curve: views, interactions and likes over the page's window. */
export function creatorCurveCaption(
  t: Translate,
  place: ChartPlace,
  creator: { label: string; window: Days },
): ChartCaption {
  return caption(t, place, {
    title: `${creator.label} · ${t('creators.curve')}`,
    kpi: [t('creators.views'), t('creators.interactions'), t('creators.likes')].join(' · '),
    days: creator.window,
    narrowed: [],
  });
}

/** The O-5A chart: stage sizes at the window's start and end, on one platform or all. */
export function audienceFlowCaption(
  t: Translate,
  place: ChartPlace,
  audience: { window: Days; platform: string | null },
): ChartCaption {
  return caption(t, place, {
    title: t('audiences.flowChart'),
    kpi: t('chartCaptions.audienceKpi'),
    days: audience.window,
    narrowed: [audience.platform ? t('chartCaptions.platform', { platform: audience.platform }) : null],
  });
}

/** Attribution's chart: each model's credit by the chosen dimension, with the lookback it used. */
export function attributionCaption(
  t: Translate,
  place: ChartPlace,
  report: { by: string; measure: 'conversions' | 'value'; window: Days; lookbackDays: number },
): ChartCaption {
  return caption(t, place, {
    title: `${t('attribution.chartLabel')} · ${report.by}`,
    kpi: t(`attribution.${report.measure}`),
    days: report.window,
    narrowed: [t('chartCaptions.lookback', { days: String(report.lookbackDays) })],
  });
}

/**
 * A geo experiment's charts: the treated locations against their synthetic control over the test
 * (`treated`), or the gap between them day by day (`gap`).
 */
export function liftCaption(
  t: Translate,
  place: ChartPlace,
  experiment: { kpi: string; test: Days; treated: readonly string[]; filter?: string | undefined },
  chart: 'treated' | 'gap' = 'treated',
): ChartCaption {
  return caption(t, place, {
    title: t(chart === 'gap' ? 'lift.gapLabel' : 'lift.chartLabel'),
    kpi: experiment.kpi,
    days: experiment.test,
    narrowed: [t('chartCaptions.treated', { locations: experiment.treated.join(', ') }), experiment.filter],
  });
}
