/**
 * Scorecards over the workspace: one weighted score per campaign, channel, creator (any
 * dimension) or team (named groups, each a filter condition), ranked. Actuals come from the KPI
 * engine, one KPI at a time so a KPI that can't be cut by the dimension (indexed posts have no
 * campaign) is marked unavailable instead of failing the card. Targets come, most specific
 * first, from the request's per-entity targets, then stored targets whose scope pins exactly
 * that entity, then the request's common targets.
 */
import {
  addDays,
  type BuiltinTemplateOptions,
  baselineNote,
  baselinesNote,
  type Catalog,
  combineFilters,
  DEFAULT_ATTAINMENT_CAP,
  type DimensionGap,
  defaultWindowNote,
  dimensionGapOf,
  dimensionUnavailableNote,
  dimensionUnavailableReason,
  type EntityScore,
  english,
  isMarkpiError,
  MarkpiError,
  type Message,
  minDate,
  type NotScored,
  narrowerTargetNote,
  noEntitiesNote,
  notScored,
  overlap,
  type Period,
  parseScorecardTemplate,
  peersMedians,
  periodDays,
  periodOfTargetNote,
  type ScorecardTemplate,
  type ScoreEntityInput,
  type ScoreKpiInput,
  samePeriodLastYear,
  sameScope,
  scopePins,
  scoreEntities,
  targetForWindow,
  unavailableNote,
} from '@markpi/core';
import { getScorecardTemplate, listTargets, type Warehouse } from '@markpi/store';
import { checkFilter } from '../checks.js';
import { entityNames } from '../entities.js';
import { defaultWindow, lastDayWithData, type WorkspaceContext } from '../workspace.js';
import { kpiByDimension, kpiOverWindow } from './kpi-data.js';
import { breakdownTarget } from './services.js';

export interface ScorecardGroup {
  id: string;
  label?: string;
  /** Which rows belong to the group, e.g. `channel in ('douyin', 'kuaishou')`. */
  filter: string;
}

export interface ScorecardRequest {
  /** A template id (built-in or saved) or a template. */
  template: string | ScorecardTemplate;
  /** A dimension (`campaign`, `channel`, `creator`…) or named groups (teams). */
  by: string | { groups: readonly ScorecardGroup[] };
  period: Period;
  /** Only rows meeting this condition count, e.g. `campaign_goal = 'promotion'`. */
  filter?: string;
  /** Targets for every entity, by KPI. */
  targets?: Readonly<Record<string, number>>;
  /** Targets for one entity, by entity then KPI; these win over everything else. */
  entityTargets?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Use stored targets whose scope pins the entity (default true). */
  useStoredTargets?: boolean;
  /** Highest attainment a KPI counts for (default 1.2). */
  cap?: number;
  /** Word of mouth's "other 20%". */
  templates?: BuiltinTemplateOptions;
  /**
   * What an entity's KPI without any target is scored against (default `none`: it is not):
   * `own_history`, the entity's value over the same number of days just before the period;
   * `own_last_year`, over the same days a year earlier; `peers_median`, the median of the other
   * entities' values on this card. Each such KPI says its basis.
   */
  baseline?: ScorecardBaseline;
}

export const SCORECARD_BASELINES = ['none', 'own_history', 'own_last_year', 'peers_median'] as const;
export type ScorecardBaseline = (typeof SCORECARD_BASELINES)[number];

/** The same number of days just before `period`. */
export function previousWindow(period: Period): Period {
  const days = periodDays(period);
  return { from: addDays(period.from, -days), to: addDays(period.from, -1) };
}

export interface ScorecardResult {
  template: ScorecardTemplate;
  by: string;
  period: Period;
  filter?: string;
  cap: number;
  /** Ranked, best first. */
  entities: EntityScore[];
  /** The entities without a score, folded into one line (also the last of `notes`); absent when none. */
  notScored?: NotScored;
  notes: string[];
  /** `notes` as messages, in the same order. */
  noteMessages: Message[];
}

interface Entity {
  id: string;
  label: string;
  /** For groups: the group's condition. */
  filter?: string;
}

/** Messages said the same way once each, in their first order. */
function uniqueMessages(messages: readonly Message[]): Message[] {
  const seen = new Set<string>();
  return messages.filter((said) => {
    const key = JSON.stringify(said);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

type Actuals = Map<string, Map<string, { value: number | null; flag: string | null }>>;

function unavailableReason(error: unknown): string {
  if (isMarkpiError(error)) return error.problems[0]?.message ?? error.message;
  throw error;
}

export async function scorecard(
  warehouse: Warehouse,
  catalog: Catalog,
  request: ScorecardRequest,
): Promise<ScorecardResult> {
  const template =
    typeof request.template === 'string'
      ? await getScorecardTemplate(warehouse, request.template, request.templates)
      : parseScorecardTemplate(request.template);
  for (const item of template.items) catalog.kpi(item.kpi);
  const cap = request.cap ?? DEFAULT_ATTAINMENT_CAP;
  const { period } = request;
  const notes: Message[] = [];
  const byDimension = typeof request.by === 'string' ? request.by : undefined;
  if (byDimension) catalog.dimension(byDimension);
  const groups = typeof request.by === 'string' ? [] : [...request.by.groups];
  if (!byDimension && groups.length === 0)
    throw new MarkpiError('invalid_scorecard', 'a team scorecard needs at least one group');

  // Actuals per KPI, per entity; a KPI the dimension can't cut is unavailable for all.
  const actuals: Actuals = new Map();
  const unavailable = new Map<string, string>();
  // Why, in both languages, where the reason is a fact the KPI reads lacking the dimension.
  const gaps = new Map<string, DimensionGap>();
  for (const item of template.items) {
    try {
      if (byDimension) {
        actuals.set(
          item.kpi,
          await kpiByDimension(warehouse, catalog, item.kpi, byDimension, request.filter, period),
        );
      } else {
        const perGroup = new Map<string, { value: number | null; flag: string | null }>();
        for (const group of groups) {
          const value = await kpiOverWindow(
            warehouse,
            catalog,
            item.kpi,
            combineFilters(request.filter, group.filter),
            period,
          );
          perGroup.set(group.id, { value: value.value, flag: value.flag ?? null });
        }
        actuals.set(item.kpi, perGroup);
      }
    } catch (error) {
      unavailable.set(item.kpi, unavailableReason(error));
      const gap =
        byDimension && isMarkpiError(error)
          ? dimensionGapOf(catalog, byDimension, error.problems)
          : undefined;
      if (gap) gaps.set(item.kpi, gap);
    }
  }

  let entities: Entity[];
  if (byDimension) {
    const labels = await entityNames(warehouse, byDimension);
    const ids = new Set<string>();
    for (const values of actuals.values()) for (const id of values.keys()) ids.add(id);
    entities = [...ids].sort().map((id) => ({ id, label: labels.get(id) ?? id }));
  } else {
    entities = groups.map((group) => ({
      id: group.id,
      label: group.label ?? group.id,
      filter: group.filter,
    }));
  }

  // Stored targets for an entity: same KPI, a period that meets the card's, a scope that is the
  // entity. A target covering fewer days than the card is scored on those days only, actual and
  // target alike, so a campaign's long tail after its end doesn't count against (or for) it.
  interface StoredTarget {
    value: number;
    source: string;
    /** The days actual and target are compared on, when fewer than the card's. */
    window?: Period;
    filter?: string;
  }
  const stored = new Map<string, Map<string, StoredTarget>>();
  if (request.useStoredTargets !== false) {
    const kpis = new Set(template.items.map((item) => item.kpi));
    for (const { target } of await listTargets(warehouse)) {
      if (!kpis.has(target.kpi)) continue;
      const shared = overlap(target.period, period);
      if (!shared) continue;
      let entity: string | undefined;
      if (byDimension) {
        const pins = scopePins(target.scope.filter);
        if (pins && Object.keys(pins).length === 1 && pins[byDimension] !== undefined)
          entity = pins[byDimension];
      } else {
        entity = groups.find((group) => sameScope(group.filter, target.scope.filter))?.id;
      }
      if (entity === undefined) continue;
      const breakdown = await breakdownTarget(warehouse, catalog, target);
      const value = targetForWindow(breakdown, shared);
      if (value === undefined) continue;
      const narrower = shared.from !== period.from || shared.to !== period.to;
      const perKpi = stored.get(entity) ?? new Map<string, StoredTarget>();
      perKpi.set(target.kpi, {
        value,
        source: `target ${target.id}`,
        ...(narrower ? { window: shared, filter: combineFilters(request.filter, target.scope.filter) } : {}),
      });
      stored.set(entity, perKpi);
      if (narrower) notes.push(narrowerTargetNote(target.id, shared, target.kpi, entity));
    }
  }

  // Baselines for KPIs without a target, per KPI then entity.
  const basis = request.baseline ?? 'none';
  const baselines = new Map<string, Map<string, { value: number; note: Message }>>();
  if (basis !== 'none') {
    const window = basis === 'own_last_year' ? samePeriodLastYear(period) : previousWindow(period);
    for (const item of template.items) {
      if (unavailable.has(item.kpi)) continue;
      const perEntity = new Map<string, { value: number; note: Message }>();
      if (basis === 'peers_median') {
        const values = new Map(
          entities.map((entity) => [entity.id, actuals.get(item.kpi)?.get(entity.id)?.value ?? null]),
        );
        for (const [entity, peer] of peersMedians(values))
          perEntity.set(entity, { value: peer.value, note: baselineNote('peers_median', peer.peers) });
      } else if (byDimension) {
        const before = await kpiByDimension(
          warehouse,
          catalog,
          item.kpi,
          byDimension,
          request.filter,
          window,
        );
        for (const [entity, value] of before)
          if (value.value !== null)
            perEntity.set(entity, { value: value.value, note: baselineNote('own_history', window) });
      } else {
        for (const group of groups) {
          const value = await kpiOverWindow(
            warehouse,
            catalog,
            item.kpi,
            combineFilters(request.filter, group.filter),
            window,
          );
          if (value.value !== null)
            perEntity.set(group.id, { value: value.value, note: baselineNote('own_history', window) });
        }
      }
      baselines.set(item.kpi, perEntity);
    }
    notes.push(baselinesNote(basis === 'peers_median' ? 'peers_median' : 'own_history'));
  }

  const inputs: ScoreEntityInput[] = [];
  for (const entity of entities) {
    const kpis: Record<string, ScoreKpiInput> = {};
    for (const item of template.items) {
      const reason = unavailable.get(item.kpi);
      const own = request.entityTargets?.[entity.id]?.[item.kpi];
      const saved = own === undefined ? stored.get(entity.id)?.get(item.kpi) : undefined;
      const common = request.targets?.[item.kpi];
      const stand = baselines.get(item.kpi)?.get(entity.id);
      const [target, source] =
        own !== undefined
          ? [own, 'entity target']
          : saved
            ? [saved.value, saved.source]
            : common !== undefined
              ? [common, 'common target']
              : stand
                ? [stand.value, basis === 'peers_median' ? 'peers median' : 'own history']
                : [null, undefined];
      const baselineUsed = own === undefined && !saved && common === undefined && stand !== undefined;
      let measured = actuals.get(item.kpi)?.get(entity.id);
      if (saved?.window && !reason) {
        const windowed = await kpiOverWindow(warehouse, catalog, item.kpi, saved.filter, saved.window);
        measured = { value: windowed.value, flag: windowed.flag ?? null };
      }
      kpis[item.kpi] = {
        actual: measured?.value ?? null,
        target,
        ...(reason ? { unavailable: reason } : {}),
        ...(gaps.has(item.kpi)
          ? { unavailableMessage: dimensionUnavailableReason(gaps.get(item.kpi)!) }
          : {}),
        ...(measured?.flag ? { flag: measured.flag } : {}),
        ...(source ? { targetSource: source } : {}),
        ...(baselineUsed
          ? { basis: basis === 'peers_median' ? 'peers_median' : 'own_history', basisNote: stand!.note }
          : {}),
      };
    }
    inputs.push({ entity: entity.id, label: entity.label, kpis });
  }

  for (const [kpi, reason] of unavailable) {
    const gap = gaps.get(kpi);
    notes.push(
      gap ? dimensionUnavailableNote(kpi, gap) : unavailableNote(kpi, byDimension ?? 'group', reason),
    );
  }
  if (entities.length === 0) notes.push(noEntitiesNote());
  const scored = scoreEntities(template, (kpi) => catalog.kpi(kpi).direction, inputs, { cap });
  const folded = notScored(scored);
  if (folded) notes.push(folded.message);
  const unique = uniqueMessages(notes);
  return {
    template,
    by: byDimension ?? 'group',
    period,
    ...(request.filter ? { filter: request.filter } : {}),
    cap,
    entities: scored,
    ...(folded ? { notScored: folded } : {}),
    notes: unique.map(english),
    noteMessages: unique,
  };
}

export interface ScorecardQuestion extends Omit<ScorecardRequest, 'period'> {
  /** Absent: see `defaultScorecardPeriod`. */
  period?: Partial<Period>;
}

/**
 * The days a scorecard covers when the question names none. A scorecard judges against
 * targets, so the natural period is the one the team set targets for: the most recent stored
 * target on one of the template's KPIs that has started by the last day with data (cut at that
 * day while it runs). Without one, the 30 days ending on the last day with data.
 */
export async function defaultScorecardPeriod(
  workspace: WorkspaceContext,
  template: ScorecardTemplate,
): Promise<{ period: Period; note: Message }> {
  const lastDay = await lastDayWithData(workspace);
  const kpis = new Set(template.items.map((item) => item.kpi));
  const candidates = (await listTargets(workspace.warehouse))
    .map((entry) => entry.target)
    .filter((target) => kpis.has(target.kpi) && target.period.from <= lastDay)
    .sort(
      (a, b) =>
        b.period.to.localeCompare(a.period.to) ||
        a.period.from.localeCompare(b.period.from) ||
        a.id.localeCompare(b.id),
    );
  const latest = candidates[0];
  if (latest) {
    const period = { from: latest.period.from, to: minDate(latest.period.to, lastDay) };
    return {
      period,
      note: periodOfTargetNote(period, { id: latest.id, kpi: latest.kpi, scope: latest.scope.label }),
    };
  }
  const period = await defaultWindow(workspace);
  return { period, note: defaultWindowNote(period.to) };
}

/** A scorecard as a person asks for it: the period may be left out or half given. */
export async function answerScorecard(
  workspace: WorkspaceContext,
  question: ScorecardQuestion,
): Promise<ScorecardResult> {
  const { warehouse, catalog } = workspace;
  const template =
    typeof question.template === 'string'
      ? await getScorecardTemplate(warehouse, question.template, question.templates)
      : parseScorecardTemplate(question.template);
  const given = question.period ?? {};
  let period: Period;
  let note: Message | undefined;
  if (given.from === undefined && given.to === undefined) {
    ({ period, note } = await defaultScorecardPeriod(workspace, template));
  } else {
    period = await defaultWindow(workspace, given);
  }
  if (question.filter) checkFilter(catalog, question.filter);
  const result = await scorecard(warehouse, catalog, { ...question, template, period });
  return note
    ? { ...result, notes: [english(note), ...result.notes], noteMessages: [note, ...result.noteMessages] }
    : result;
}
