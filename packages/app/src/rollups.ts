/**
 * Rollups as a workspace's use cases: propose them from the questions the workspace asks (the
 * overview, the explorer's channel × month view, the monitor's daily series, the workspace's own
 * KPIs) within a storage budget, create what the plan proposes, list and drop them.
 */
import {
  compileKpiQuery,
  estimateRollupRows,
  type FactId,
  type FactSizing,
  type KpiQuery,
  type KpiRequest,
  type ParameterValue,
  type ProposedRollup,
  proposeRollups,
  type QuestionShape,
  type RollupDefinition,
  type RollupMessage,
  type RollupUse,
  rollupUseMessage,
} from '@markpi/core';
import { createRollup, dropRollup, listRollups, rollupOptions, type StoredRollup } from '@markpi/store';
import { resolveKpiRequest } from './query.js';
import type { WorkspaceContext } from './workspace.js';

/** Rows all proposed rollups may hold together, unless the caller says otherwise. */
export const DEFAULT_ROLLUP_BUDGET_ROWS = 1_000_000;

/** The question shapes every workspace asks, on the performance fact. */
const STANDARD_SHAPES: readonly QuestionShape[] = [
  // The overview: tiles and the daily series over the last 30 days, the funnel by channel.
  { fact: 'performance', dimensions: [], grain: 'day', askedBy: 'overview' },
  { fact: 'performance', dimensions: ['channel'], grain: 'day', askedBy: 'overview' },
  // The explorer's default view and the scorecards' months.
  { fact: 'performance', dimensions: ['channel'], grain: 'month', askedBy: 'explore' },
  // The monitor's daily series per channel and per campaign.
  { fact: 'performance', dimensions: ['channel', 'campaign'], grain: 'day', askedBy: 'monitor' },
];

/** Shapes of the workspace's own KPIs: by channel, by day, on each daily fact they read. */
function workspaceKpiShapes(workspace: WorkspaceContext): QuestionShape[] {
  const shapes: QuestionShape[] = [];
  for (const kpi of workspace.catalog.kpis.values()) {
    if (kpi.builtin) continue;
    const facts = new Set(
      kpi.references.measures.flatMap((id) => {
        const measure = workspace.catalog.measures.get(id);
        return measure ? [measure.fact] : [];
      }),
    );
    for (const fact of facts) {
      const definition = workspace.catalog.facts.get(fact);
      if (definition?.grain !== 'day' || definition.entity || !definition.dimensions.includes('channel'))
        continue;
      shapes.push({ fact, dimensions: ['channel'], grain: 'day', askedBy: `kpi:${kpi.id}` });
    }
  }
  return shapes;
}

/** Rows, days spanned and distinct values per dimension of the facts the shapes read. */
async function sizeFacts(
  workspace: WorkspaceContext,
  facts: readonly FactId[],
): Promise<Partial<Record<FactId, FactSizing>>> {
  const { warehouse, catalog } = workspace;
  const q = (identifier: string) => warehouse.dialect.quote(identifier);
  const sizing: Partial<Record<FactId, FactSizing>> = {};
  for (const id of new Set(facts)) {
    const fact = catalog.facts.get(id);
    if (!fact) continue;
    const distinct = fact.dimensions.map(
      (dimension, index) => `COUNT(DISTINCT ${q(dimension)}) AS d${index}`,
    );
    const [row] = await warehouse.query(
      `SELECT COUNT(*) AS n, ${warehouse.dialect.formatDate(`MIN(${q('date')})`)} AS first, ${warehouse.dialect.formatDate(`MAX(${q('date')})`)} AS last, ${distinct.join(', ')} FROM ${q(fact.table)}`,
    );
    const rows = Number(row?.n ?? 0);
    if (rows === 0 || !row?.first || !row.last) continue;
    const days = Math.round((Date.parse(String(row.last)) - Date.parse(String(row.first))) / 86_400_000) + 1;
    sizing[id] = {
      rows,
      days,
      distinct: Object.fromEntries(
        fact.dimensions.map((dimension, index) => [dimension, Number(row[`d${index}`] ?? 0)]),
      ),
    };
  }
  return sizing;
}

export interface RollupPlan {
  budgetRows: number;
  /** The workspace file's pinned rollups first (asked by `markpi.yaml`), then those proposed. */
  proposed: ProposedRollup[];
  /** Rollups the workspace holds now. */
  existing: StoredRollup[];
}

/** What `markpi rollups plan` shows: the rollups worth keeping within the budget, and those kept now. */
export async function planRollups(
  workspace: WorkspaceContext,
  budgetRows: number = DEFAULT_ROLLUP_BUDGET_ROWS,
): Promise<RollupPlan> {
  const shapes = [...STANDARD_SHAPES, ...workspaceKpiShapes(workspace)];
  const pins = workspace.catalog.config.rollups ?? [];
  const sizing = await sizeFacts(workspace, [
    ...shapes.map((shape) => shape.fact),
    ...pins.map((pin) => pin.fact as FactId),
  ]);
  // Pinned rollups are kept whatever their size; what they take comes off the budget.
  const pinned: ProposedRollup[] = pins.map((pin) => {
    const facts = sizing[pin.fact as FactId];
    return {
      definition: { ...pin, fact: pin.fact as FactId },
      estimatedRows: facts ? estimateRollupRows(facts, pin.dimensions, pin.grain) : 0,
      askedBy: ['markpi.yaml'],
    };
  });
  const left = Math.max(0, budgetRows - pinned.reduce((sum, pin) => sum + pin.estimatedRows, 0));
  const names = new Set(pins.map((pin) => pin.name));
  const proposed = proposeRollups(shapes, sizing, left).filter((entry) => !names.has(entry.definition.name));
  return { budgetRows, proposed: [...pinned, ...proposed], existing: await listRollups(workspace.warehouse) };
}

/** Creates the planned rollups the workspace lacks (by name); returns those created. */
export async function applyRollups(
  workspace: WorkspaceContext,
  definitions: readonly RollupDefinition[],
): Promise<StoredRollup[]> {
  const held = new Set((await listRollups(workspace.warehouse)).map((rollup) => rollup.name));
  const created: StoredRollup[] = [];
  for (const definition of definitions) {
    if (held.has(definition.name)) continue;
    created.push(await createRollup(workspace.warehouse, workspace.catalog, definition, workspace.now));
  }
  return created;
}

export function workspaceRollups(workspace: WorkspaceContext): Promise<StoredRollup[]> {
  return listRollups(workspace.warehouse);
}

export function dropWorkspaceRollup(workspace: WorkspaceContext, name: string): Promise<void> {
  return dropRollup(workspace.warehouse, name);
}

/** What `rollupChoice` tells about a question: the rollups it reads and the statement. */
export interface RollupChoice {
  query: KpiQuery;
  /** One per scan answered from a rollup; empty when every scan reads the raw table. */
  uses: RollupUse[];
  /** What to tell a person, one message per rollup read, or that none was. */
  messages: RollupMessage[];
  /** The statement the planner prints for this workspace (its engine, its rollups) and its parameters. */
  sql: string;
  params: ParameterValue[];
}

/**
 * Which rollups a question would read, scan by scan, and the raw edge days each leaves to the
 * fact, as the planner chooses them now: the one answer `markpi rollups explain` and
 * `markpi explain` print.
 */
export async function rollupChoice(workspace: WorkspaceContext, input: KpiRequest): Promise<RollupChoice> {
  const query = await resolveKpiRequest(workspace, input);
  const compiled = compileKpiQuery(
    workspace.catalog,
    query,
    workspace.warehouse.dialect,
    await rollupOptions(workspace.warehouse),
  );
  const uses = compiled.rollups ?? [];
  return {
    query,
    uses,
    messages: uses.length > 0 ? uses.map(rollupUseMessage) : [{ key: 'rollup.none', params: {} }],
    sql: compiled.sql,
    params: [...compiled.params],
  };
}
