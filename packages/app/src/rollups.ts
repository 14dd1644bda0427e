/**
 * Rollups as a workspace's use cases: propose them from the questions the workspace runs (the
 * overview, Explore's first view, saved views and the boards pinning them, targets and
 * scorecards, the monitors; `rollups/questions.ts`) within a storage budget, create what the plan
 * proposes, list and drop them. Each question's shapes come from the planner (core's
 * `questionShapes`), so a proposed rollup is one the navigation reads for it.
 */
import {
  compileKpiQuery,
  estimateRollupRows,
  type FactId,
  type FactSizing,
  isMarkpiError,
  type KpiQuery,
  type KpiRequest,
  type ParameterValue,
  type ProposedRollup,
  proposeRollups,
  type QuestionShape,
  questionShapes,
  type RollupDefinition,
  type RollupMessage,
  type RollupUse,
  rollupUseMessage,
} from '@markpi/core';
import { createRollup, dropRollup, listRollups, rollupOptions, type StoredRollup } from '@markpi/store';
import { resolveKpiRequest } from './query.js';
import { type WorkspaceQuestion, workspaceQuestions } from './rollups/questions.js';
import type { WorkspaceContext } from './workspace.js';

/** Rows all proposed rollups may hold together, unless the caller says otherwise. */
export const DEFAULT_ROLLUP_BUDGET_ROWS = 1_000_000;

/** Whether a question plans (its KPIs, dimensions and filter all known and meeting). */
function plans(workspace: WorkspaceContext, question: WorkspaceQuestion): boolean {
  try {
    compileKpiQuery(
      workspace.catalog,
      {
        kpis: [...question.kpis],
        dimensions: [...(question.dimensions ?? [])],
        ...(question.filter ? { filter: question.filter } : {}),
        from: '2024-01-01',
        to: '2024-01-01',
        grain: question.grain,
      },
      workspace.warehouse.dialect,
    );
    return true;
  } catch (error) {
    if (isMarkpiError(error)) return false;
    throw error;
  }
}

/**
 * The shapes of the workspace's questions. A question whose KPIs do not all plan together (a
 * monitor watching every KPI, some on facts without the level's dimension) is planned with
 * those that plan, as the monitor asks only those.
 */
export function shapesOfQuestions(
  workspace: WorkspaceContext,
  questions: readonly WorkspaceQuestion[],
): QuestionShape[] {
  const shapes: QuestionShape[] = [];
  for (const question of questions) {
    const { askedBy, said, runsPerDay, windowDays } = question;
    let asked = plans(workspace, question) ? questionShapes(workspace.catalog, question) : undefined;
    if (asked === undefined) {
      const kpis = question.kpis.filter((kpi) => plans(workspace, { ...question, kpis: [kpi] }));
      asked = kpis.length > 0 ? questionShapes(workspace.catalog, { ...question, kpis }) : [];
    }
    for (const shape of asked) shapes.push({ ...shape, askedBy, said, runsPerDay, windowDays });
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
  /** How the plan chose (`rollup.plan.rule`) and which questions it read (`rollup.plan.read`). */
  rule: RollupMessage;
  read: RollupMessage;
}

/** What `markpi rollups plan` shows: the rollups worth keeping within the budget, and those kept now. */
export async function planRollups(
  workspace: WorkspaceContext,
  budgetRows: number = DEFAULT_ROLLUP_BUDGET_ROWS,
): Promise<RollupPlan> {
  const { questions, read } = await workspaceQuestions(workspace);
  const shapes = shapesOfQuestions(workspace, questions);
  const pins: RollupDefinition[] = (workspace.catalog.config.rollups ?? []).map((pin) => ({
    ...pin,
    fact: pin.fact as FactId,
  }));
  const sizing = await sizeFacts(workspace, [
    ...shapes.map((shape) => shape.fact),
    ...pins.map((pin) => pin.fact),
  ]);
  // Pinned rollups are kept whatever their size; what they take comes off the budget.
  const pinnedRows = pins.reduce((sum, pin) => {
    const facts = sizing[pin.fact];
    return sum + (facts ? estimateRollupRows(facts, pin.dimensions, pin.grain) : 0);
  }, 0);
  const plan = proposeRollups(shapes, sizing, Math.max(0, budgetRows - pinnedRows), pins);
  for (const entry of plan)
    if (entry.pinned) {
      entry.askedBy.unshift('markpi.yaml');
      entry.questions.unshift({ key: 'rollup.asked.pin', params: {} });
    }
  const used = plan.reduce((sum, entry) => sum + entry.estimatedRows, 0);
  return {
    budgetRows,
    proposed: plan,
    existing: await listRollups(workspace.warehouse),
    rule: { key: 'rollup.plan.rule', params: { budget: String(budgetRows), used: String(used) } },
    read,
  };
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
