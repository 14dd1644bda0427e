/**
 * Every model side by side over the workspace's journeys: conversions whose day is in the window,
 * each with the touches up to `lookbackDays` before it.
 *
 * By channel (the default) the paths come from the warehouse, which builds and aggregates the
 * journeys itself, plus the path-level files imported for the window (`fact_journey_paths`,
 * journeys already built by the platform); when the window holds at most
 * `TIME_DECAY_MAX_JOURNEYS` journeys and no imported paths, the journeys are read one by one so
 * time decay can weigh their touch times. By campaign or by creator, each touch counts for its
 * campaign (creator), and a touch without one for its channel (`channel:douyin`): the journeys
 * are built from the events with their facts (`events.ts`).
 */
import {
  type AttributionMessage,
  type AttributionMessageKey,
  type AttributionModelId,
  type CompareOptions,
  compareAttributionModels,
  DEFAULT_DISAGREEMENT_FACTOR,
  DEFAULT_DISAGREEMENT_MIN_SHARE,
  DEFAULT_LOOKBACK_DAYS,
  type Journey,
  MarkpiError,
  type PathRow,
} from '@markpi/core';
import { attributionJourneys, attributionPaths } from '@markpi/store';
import { entityNames } from '../entities.js';
import { defaultWindow, type WorkspaceContext } from '../workspace.js';
import { keyedJourneys, type TouchFacts, workspaceJourneys } from './events.js';
import { reportMessage, type SaidMessage, saidAttribution } from './messages.js';
import { type AttributionReport, type AttributionReportRow, reportOf } from './report.js';

/** What a report's row credits. */
export const ATTRIBUTION_KEYS = ['channel', 'campaign', 'creator'] as const;
export type AttributionKey = (typeof ATTRIBUTION_KEYS)[number];

/** Most journeys read one by one for time decay; beyond, the report works on paths alone. */
export const TIME_DECAY_MAX_JOURNEYS = 200_000;

/** Prefix of a row that stands for a channel's touches without a campaign (creator). */
export const CHANNEL_KEY_PREFIX = 'channel:';

export interface WorkspaceAttributionRequest {
  from?: string | undefined;
  to?: string | undefined;
  lookbackDays?: number | undefined;
  by?: AttributionKey | undefined;
  measure?: 'conversions' | 'value' | undefined;
  factor?: number | undefined;
  minShare?: number | undefined;
  /** Channel view only: a condition on the touchpoints' dimensions (which touches count). */
  filter?: string | undefined;
}

export interface WorkspaceReportRow extends AttributionReportRow {
  /** The dimension the row's `value` belongs to: `by`, or `channel` for touches without one. */
  dimension: AttributionKey;
  value: string;
  /** A campaign's or creator's name, when the workspace has one. */
  label?: string;
}

export interface WorkspaceAttribution extends Omit<AttributionReport, 'rows'> {
  window: { from: string; to: string };
  lookbackDays: number;
  rows: WorkspaceReportRow[];
  journeys: {
    converting: number;
    nonConverting: number;
    untouched: { conversions: number; value: number };
    /** Journeys of imported path files (channel view). */
    imported: { conversions: number; value: number; nulls: number };
  };
}

/** The window and lookback every workspace view starts from. */
export async function attributionWindow(
  workspace: WorkspaceContext,
  request: Pick<WorkspaceAttributionRequest, 'from' | 'to' | 'lookbackDays'>,
): Promise<{ from: string; to: string; lookbackDays: number }> {
  const lookbackDays = request.lookbackDays ?? DEFAULT_LOOKBACK_DAYS;
  if (!(Number.isFinite(lookbackDays) && lookbackDays > 0 && lookbackDays <= 366)) {
    throw new MarkpiError('attribution.invalid_lookback', 'the lookback must be 1 to 366 days', [
      { message: `got ${lookbackDays}`, path: 'lookbackDays', hint: 'e.g. 30' },
    ]);
  }
  const { from, to } = await defaultWindow(workspace, request);
  return { from, to, lookbackDays };
}

/** Every model side by side over the workspace (see the module comment). */
export async function attributeWorkspace(
  workspace: WorkspaceContext,
  request: WorkspaceAttributionRequest = {},
): Promise<WorkspaceAttribution> {
  const window = await attributionWindow(workspace, request);
  const by = request.by ?? 'channel';
  const compare: CompareOptions = {
    measure: request.measure ?? 'conversions',
    ...(request.factor !== undefined ? { factor: request.factor } : {}),
    ...(request.minShare !== undefined ? { minShare: request.minShare } : {}),
  };
  if (by === 'channel') return channelView(workspace, window, compare, request.filter);
  if (request.filter?.trim()) {
    throw new MarkpiError('invalid_request', 'a touch filter is taken by the channel view only', [
      { message: 'filter with by', path: 'filter', hint: 'drop the filter, or credit by channel' },
    ]);
  }
  const built = await workspaceJourneys(workspace, window);
  const keyOf = (touch: TouchFacts) => touch[by] ?? `${CHANNEL_KEY_PREFIX}${touch.channel}`;
  const journeys = keyedJourneys(built.journeys, keyOf);
  const notes: SaidMessage[] = [];
  if (built.untouched.conversions > 0) notes.push(untouchedNote(built.untouched, window.lookbackDays));
  const report = journeys.length > 0 ? reportOf(compareAttributionModels({ journeys }, compare), by) : null;
  const names = report
    ? await entityNames(
        workspace.warehouse,
        by,
        report.rows.map((row) => row.key).filter((key) => !key.startsWith(CHANNEL_KEY_PREFIX)),
      )
    : new Map<string, string>();
  return finish(report, by, compare, window, notes, names, {
    converting: built.counts.converting,
    nonConverting: built.counts.nonConverting,
    untouched: built.untouched,
    imported: { conversions: 0, value: 0, nulls: 0 },
  });
}

async function channelView(
  workspace: WorkspaceContext,
  window: { from: string; to: string; lookbackDays: number },
  compare: CompareOptions,
  filter: string | undefined,
): Promise<WorkspaceAttribution> {
  const { warehouse } = workspace;
  const storeWindow = { ...window, ...(filter?.trim() ? { filter } : {}) };
  const imported = await importedPaths(workspace, window);
  // One statement where it can: the journeys themselves, as long as there are few enough to read
  // one by one (a row more than the limit says there are more); else the paths the engine adds up.
  let journeys: Journey[] | undefined;
  let built: {
    counts: { converting: number; nonConverting: number };
    untouched: { conversions: number; value: number };
    notes: AttributionMessage[];
  };
  let paths: PathRow[] = [];
  const read =
    imported.length === 0
      ? await attributionJourneys(warehouse, { ...storeWindow, limit: TIME_DECAY_MAX_JOURNEYS + 1 })
      : undefined;
  // Each journey is a row, and so is each conversion no touch reached.
  const complete =
    read !== undefined && read.journeys.length + read.untouched.conversions <= TIME_DECAY_MAX_JOURNEYS;
  if (read && complete) {
    journeys = read.journeys;
    built = read;
  } else {
    const aggregated = await attributionPaths(warehouse, storeWindow);
    paths = aggregated.paths;
    built = aggregated;
  }
  const notes: SaidMessage[] = built.notes.map(saidAttribution);
  const journeyCount = built.counts.converting + built.counts.nonConverting;
  const rows: PathRow[] = [...paths, ...imported];
  const comparison =
    journeys !== undefined
      ? compareAttributionModels({ journeys }, compare)
      : rows.length > 0
        ? compareAttributionModels({ paths: rows }, compare)
        : null;
  const report = comparison ? reportOf(comparison, 'channel') : null;
  if (report && !report.models.includes('time_decay') && rows.length > 0) {
    // Say why time decay is empty over the workspace, in place of the file's reason.
    report.notes = report.notes.filter((note) => note.message.key !== 'attribution.report.no_times');
    report.notes.unshift(
      reportMessage(
        imported.length > 0 ? 'attribution.report.imported_paths' : 'attribution.report.too_many_journeys',
        { journeys: journeyCount, limit: TIME_DECAY_MAX_JOURNEYS },
      ),
    );
  }
  const importedTotals = {
    conversions: imported.reduce((total, row) => total + row.conversions, 0),
    value: imported.reduce((total, row) => total + (row.value ?? 0), 0),
    nulls: imported.reduce((total, row) => total + (row.nulls ?? 0), 0),
  };
  return finish(report, 'channel', compare, window, notes, new Map(), {
    converting: built.counts.converting,
    nonConverting: built.counts.nonConverting,
    untouched: built.untouched,
    imported: importedTotals,
  });
}

/** Path rows imported from path-level files, dated within the window, added by path. */
async function importedPaths(
  workspace: WorkspaceContext,
  window: { from: string; to: string },
): Promise<PathRow[]> {
  const { warehouse } = workspace;
  const { dialect } = warehouse;
  const q = (name: string) => dialect.quote(name);
  const rows = await warehouse.query(
    `SELECT ${q('path')} AS path, SUM(COALESCE(${q('conversions')}, 0)) AS total_conversions, SUM(COALESCE(${q('value')}, 0)) AS total_value, SUM(COALESCE(${q('nulls')}, 0)) AS total_nulls FROM ${q('fact_journey_paths')} WHERE ${q('date')} >= ${dialect.dateLiteral(window.from)} AND ${q('date')} <= ${dialect.dateLiteral(window.to)} AND ${q('path')} IS NOT NULL AND ${q('path')} <> '' GROUP BY ${q('path')} ORDER BY ${q('path')}`,
  );
  return rows.map((row) => ({
    path: String(row.path),
    conversions: Number(row.total_conversions ?? 0),
    value: Number(row.total_value ?? 0),
    nulls: Number(row.total_nulls ?? 0),
  }));
}

function untouchedNote(untouched: { conversions: number; value: number }, days: number): SaidMessage {
  return saidAttribution({
    key: 'attribution.journeys.untouched',
    params: { conversions: untouched.conversions, value: untouched.value, days },
  });
}

function finish(
  report: AttributionReport | null,
  by: AttributionKey,
  compare: CompareOptions,
  window: { from: string; to: string; lookbackDays: number },
  notes: SaidMessage[],
  names: ReadonlyMap<string, string>,
  journeys: WorkspaceAttribution['journeys'],
): WorkspaceAttribution {
  const base: AttributionReport = report ?? emptyReport(by, compare);
  const rows = base.rows.map((row): WorkspaceReportRow => {
    const fallback = by !== 'channel' && row.key.startsWith(CHANNEL_KEY_PREFIX);
    const value = fallback ? row.key.slice(CHANNEL_KEY_PREFIX.length) : row.key;
    const label = fallback ? undefined : names.get(value);
    // The sentence names the row as people know it: the channel itself, the creator's name.
    const disagreement = row.disagreement
      ? saidAttribution({
          key: row.disagreement.message.key as AttributionMessageKey,
          params: { ...row.disagreement.message.params, channel: label ?? value },
        })
      : null;
    return { ...row, dimension: fallback ? 'channel' : by, value, ...(label ? { label } : {}), disagreement };
  });
  return {
    ...base,
    rows,
    notes: [...notes, ...(report ? base.notes : [reportMessage('attribution.report.no_touch_data')])],
    window: { from: window.from, to: window.to },
    lookbackDays: window.lookbackDays,
    journeys,
  };
}

function emptyReport(by: string, compare: CompareOptions): AttributionReport {
  return {
    by,
    measure: compare.measure ?? 'conversions',
    total: 0,
    totals: { conversions: 0, value: 0, nulls: 0 },
    factor: compare.factor ?? DEFAULT_DISAGREEMENT_FACTOR,
    minShare: compare.minShare ?? DEFAULT_DISAGREEMENT_MIN_SHARE,
    models: [] as AttributionModelId[],
    rows: [],
    markov: { order: 1, conversionProbability: 0, valuePerJourney: 0 },
    shapley: { exact: true, players: 0, samples: 0 },
    notes: [],
  };
}
