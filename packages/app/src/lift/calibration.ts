/**
 * Calibrated ROAS: attributed ROAS corrected by what lift tests found. A test that measured, in
 * one channel, the KPI attribution counts gives that channel an incrementality factor —
 * incremental ÷ attributed over the test's scope and days — and
 *
 *   calibrated_roas = Σ_c f_c · attributed value_c ÷ Σ_c spend_c
 *
 * over the channels c that have a factor (each channel's latest test, by the day it ended); a
 * channel without a test has no calibrated ROAS, rather than an uncalibrated one passed off as
 * calibrated. A factor measured below 0 counts as 0. Grouped by channel, each channel's row is
 * its own attributed ROAS × its factor.
 *
 * What "attributed" means is the basis, pluggable: today the conversions and conversion value
 * the platforms report (`PLATFORM_CONVERSIONS`); a basis of the workspace's own attribution
 * models can take its place without changing the ledger or the KPI's shape.
 *
 * The KPI is a catalog KPI like any other — custom measures (each tested channel's attributed
 * value, the tested channels' spend) and a formula — added to the workspace's catalog once the
 * ledger holds a test, so the planner computes it in Explore, scorecards and the API alike. Its
 * description names the test each factor rests on and how many days ago it ended.
 */
import {
  type Bilingual,
  buildCatalog,
  type Catalog,
  type CustomMeasure,
  daysBetween as calendarDaysBetween,
  type KpiDefinitionInput,
} from '@markpi/core';
import { keepScope, type WorkspaceContext, workspaceToday } from '../workspace.js';
import type { LiftEstimate, LiftMethod, LiftPeriod } from './records.js';

export const CALIBRATED_ROAS = 'calibrated_roas';

export interface CalibrationBasis {
  id: string;
  label: Bilingual;
  /** For each KPI a test may measure, the KPI that counts what attribution claimed of it. */
  attributed: Readonly<Record<string, string>>;
  /** The measure columns calibrated ROAS is built from: the attributed value and the spend. */
  value: { fact: 'performance'; column: string };
  spend: { fact: 'performance'; column: string };
}

/** What the platforms report: their conversions and conversion value, against media spend. */
export const PLATFORM_CONVERSIONS: CalibrationBasis = {
  id: 'platform_conversions',
  label: { en: 'conversions the platforms report', zh: '平台报告的转化' },
  attributed: { conversions: 'conversions', conversion_value: 'conversion_value' },
  value: { fact: 'performance', column: 'conversion_value' },
  spend: { fact: 'performance', column: 'spend' },
};

/** The test a channel's factor rests on. */
export interface CalibrationSource {
  id: string;
  name: string;
  method: LiftMethod;
  period: LiftPeriod;
  recordedAt: string;
}

export interface ChannelCalibration {
  channel: string;
  /** As measured, with its interval. */
  measured: LiftEstimate;
  /** What calibrated ROAS multiplies by: the measured factor, 0 when it is below 0. */
  factor: number;
  source: CalibrationSource;
}

/** What a ledger entry offers to calibration (a subset of the entry). */
export interface CalibratingEntry {
  id: string;
  name: string;
  method: LiftMethod;
  period: LiftPeriod;
  recordedAt: string;
  withdrawn: { reason: string | null } | null;
  calibration: { basis: string; channel: string; factor: LiftEstimate } | null;
}

/**
 * Each channel's factor from its latest test on the basis (by the day the test ended, then the
 * day it was recorded); withdrawn entries are passed over.
 */
export function channelCalibrations(
  entries: readonly CalibratingEntry[],
  basis: CalibrationBasis = PLATFORM_CONVERSIONS,
): ChannelCalibration[] {
  const latest = new Map<string, CalibratingEntry>();
  for (const entry of entries) {
    const calibration = entry.calibration;
    if (entry.withdrawn || !calibration || calibration.basis !== basis.id) continue;
    const known = latest.get(calibration.channel);
    if (
      !known ||
      entry.period.to > known.period.to ||
      (entry.period.to === known.period.to && entry.recordedAt > known.recordedAt)
    )
      latest.set(calibration.channel, entry);
  }
  return [...latest.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([channel, entry]) => ({
      channel,
      measured: entry.calibration!.factor,
      factor: Math.max(0, entry.calibration!.factor.value),
      source: {
        id: entry.id,
        name: entry.name,
        method: entry.method,
        period: entry.period,
        recordedAt: entry.recordedAt,
      },
    }));
}

const METHOD_NAMES: Record<LiftMethod, Bilingual> = {
  prepost: { en: 'pre/post', zh: '前后对比' },
  geo: { en: 'geo test', zh: '地理实验' },
  holdout: { en: 'holdout', zh: '对照组实验' },
  search: { en: 'search lift', zh: '回搜提升' },
};

/** A factor as the formula and the description write it: six significant digits. */
function factorText(value: number): string {
  return String(Number(value.toPrecision(6)));
}

const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * The custom measures and the KPI of calibrated ROAS for the given factors; null without any.
 * `today` dates each test's age.
 */
export function calibratedRoasDefinitions(
  calibrations: readonly ChannelCalibration[],
  today: string,
  basis: CalibrationBasis = PLATFORM_CONVERSIONS,
): { measures: CustomMeasure[]; kpi: KpiDefinitionInput } | null {
  if (calibrations.length === 0) return null;
  const measures: CustomMeasure[] = calibrations.map((calibration, index) => ({
    id: `lift_calibrated_value_${index + 1}`,
    fact: basis.value.fact,
    column: basis.value.column,
    aggregation: 'sum',
    unit: 'currency',
    name: {
      en: `Attributed value on ${calibration.channel} (calibration)`,
      zh: `${calibration.channel} 归因金额（校准用）`,
    },
    filter: `channel = ${quoted(calibration.channel)}`,
  }));
  measures.push({
    id: 'lift_calibrated_spend',
    fact: basis.spend.fact,
    column: basis.spend.column,
    aggregation: 'sum',
    unit: 'currency',
    name: { en: 'Spend on channels with a lift test', zh: '有增量测试渠道的花费' },
    filter: `channel in (${calibrations.map((calibration) => quoted(calibration.channel)).join(', ')})`,
  });
  const terms = calibrations.map(
    (calibration, index) => `${factorText(calibration.factor)} * lift_calibrated_value_${index + 1}`,
  );
  const age = (calibration: ChannelCalibration) => calendarDaysBetween(calibration.source.period.to, today);
  const restsOn = (language: keyof Bilingual) =>
    calibrations
      .map((calibration) => {
        const method = METHOD_NAMES[calibration.source.method][language];
        const { from, to } = calibration.source.period;
        const days = age(calibration);
        return language === 'en'
          ? `${calibration.channel} ×${factorText(calibration.factor)} from “${calibration.source.name}” (${method}, ${from} to ${to}, ended ${days} day(s) ago)`
          : `${calibration.channel} ×${factorText(calibration.factor)}，依据「${calibration.source.name}」（${method}，${from} 至 ${to}，${days} 天前结束）`;
      })
      .join(language === 'en' ? '; ' : '；');
  return {
    measures,
    kpi: {
      id: CALIBRATED_ROAS,
      name: { en: 'Calibrated ROAS', zh: '校准ROAS' },
      description: {
        en: `Attributed conversion value × each channel's incrementality factor from its latest lift test, divided by spend, over the channels with a test (attributed: ${basis.label.en}). Factors: ${restsOn('en')}.`,
        zh: `归因转化金额 × 各渠道最近一次增量测试得出的增量系数，除以花费，仅计有测试的渠道（归因口径：${basis.label.zh}）。系数：${restsOn('zh')}。`,
      },
      formula: `(${terms.join(' + ')}) / lift_calibrated_spend`,
      unit: 'multiple',
      direction: 'up',
      aggregation: 'ratio',
      sources: [],
    },
  };
}

/** Catalogs with calibration, by the catalog they extend and the definitions added. */
const calibratedCatalogs = new WeakMap<Catalog, Map<string, Catalog>>();

/** The catalog with calibrated ROAS added (built once per catalog and set of definitions). */
export function calibratedCatalog(
  catalog: Catalog,
  definitions: { measures: CustomMeasure[]; kpi: KpiDefinitionInput },
): Catalog {
  const key = JSON.stringify(definitions);
  let built = calibratedCatalogs.get(catalog);
  if (!built) {
    built = new Map();
    calibratedCatalogs.set(catalog, built);
  }
  const cached = built.get(key);
  if (cached) return cached;
  const { config } = catalog;
  const extended = keepScope(
    catalog,
    buildCatalog(
      {
        ...config,
        measures: [...config.measures, ...definitions.measures],
        kpis: [...config.kpis, definitions.kpi],
      },
      { file: 'lift ledger' },
    ),
  );
  // Keep a few: the description changes daily with the tests' age.
  if (built.size > 16) built.clear();
  built.set(key, extended);
  return extended;
}

/**
 * The workspace with calibrated ROAS in its catalog, once its lift ledger holds a test that
 * calibrates a channel; the workspace as it is otherwise, or when its own workspace file
 * already defines a KPI of that id.
 */
export async function withLiftCalibration(
  workspace: WorkspaceContext,
  entries: () => Promise<readonly CalibratingEntry[]>,
  basis: CalibrationBasis = PLATFORM_CONVERSIONS,
): Promise<WorkspaceContext> {
  if (workspace.catalog.kpis.has(CALIBRATED_ROAS)) return workspace;
  const definitions = calibratedRoasDefinitions(
    channelCalibrations(await entries(), basis),
    workspaceToday(workspace),
    basis,
  );
  if (!definitions) return workspace;
  return { ...workspace, catalog: calibratedCatalog(workspace.catalog, definitions) };
}
