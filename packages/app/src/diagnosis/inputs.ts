/**
 * The values a diagnosis reads, asked of the one planner. Core's decompositions work on formula
 * variables — measures (`spend`), values of an earlier window (`opening(followers)`) and
 * per-item counts (`count(content)`), each one aggregate the planner computes — while the
 * planner answers KPIs. So each variable is asked as a KPI whose formula is the variable itself:
 * the workspace's own KPI where one is exactly that (`spend`), else an input KPI on a catalog that
 * extends the workspace's with these inputs only. Every number still comes from `runKpiQuery`,
 * and the inputs are checked by the same formula checker as any KPI.
 */
import {
  type Catalog,
  type CatalogKpi,
  type CheckEnvironment,
  checkFormula,
  DIMENSIONLESS,
  formatExpr,
  inferAggregationClass,
  type KpiUnit,
  MarkpiError,
  type MeasureUnit,
  type Period,
  parseFormula,
  type VariableValues,
} from '@markpi/core';
import { runKpiQuery } from '@markpi/store';
import { timeZoneOf, type WorkspaceContext } from '../workspace.js';

/** The workspace's catalog with one KPI per input, and which KPI answers each input. */
export interface InputCatalog {
  catalog: Catalog;
  kpiOf: ReadonlyMap<string, string>;
}

const KPI_UNIT_OF_MEASURE: Readonly<Record<MeasureUnit, KpiUnit>> = {
  count: 'count',
  currency: 'currency',
  seconds: 'seconds',
  ratio: 'ratio',
};

/** Other inputs are named `diagnosis_input_<n>` (never `__`, which the planner keeps for comparison columns). */
const INPUT_PREFIX = 'diagnosis_input_';

function checkEnvironment(catalog: Catalog): CheckEnvironment {
  return {
    lookup: (name) => {
      const measure = catalog.measures.get(name);
      if (measure)
        return {
          kind: 'measure',
          id: name,
          unit: measure.unitVector,
          aggregation: measure.aggregation,
          fact: measure.fact,
        };
      const kpi = catalog.kpis.get(name);
      if (kpi) return { kind: 'kpi', id: name, unit: kpi.unitVector };
      if (catalog.dimensions.has(name))
        return { kind: 'dimension', id: name, facts: catalog.factsWithDimension(name) };
      return undefined;
    },
    names: () => [...catalog.measures.keys(), ...catalog.kpis.keys(), ...catalog.dimensions.keys()],
  };
}

function inputKpi(catalog: Catalog, id: string, variable: string): CatalogKpi {
  const parsed = parseFormula(variable);
  const checked = parsed.ok ? checkFormula(parsed.expr, checkEnvironment(catalog), 'kpi') : undefined;
  if (!parsed.ok || !checked || checked.problems.length > 0) {
    // Variables come from formulas the catalog already checked; one that fails is our bug.
    throw new MarkpiError('internal', `the formula input \`${variable}\` could not be planned`);
  }
  const measure = catalog.measures.get(variable);
  const classes = new Map([...catalog.kpis.values()].map((kpi) => [kpi.id, kpi.aggregation] as const));
  const name = measure?.name ?? { en: variable, zh: variable };
  return {
    id,
    name,
    description: name,
    formula: variable,
    unit: measure ? KPI_UNIT_OF_MEASURE[measure.unit] : 'number',
    direction: 'context',
    aggregation: inferAggregationClass(parsed.expr, catalog.measures, classes),
    sources: [],
    expr: parsed.expr,
    unitVector: checked.unit ?? DIMENSIONLESS,
    references: {
      measures: [...checked.references.measures],
      kpis: [...checked.references.kpis],
      dimensions: [...checked.references.dimensions],
    },
    builtin: false,
  };
}

const inputCatalogs = new WeakMap<Catalog, Map<string, InputCatalog>>();

/** The catalog that answers `variables` (cached per catalog and set of variables). */
export function inputCatalog(catalog: Catalog, variables: readonly string[]): InputCatalog {
  const wanted = [...new Set(variables)].sort();
  const cacheKey = wanted.join('\n');
  const cached = inputCatalogs.get(catalog)?.get(cacheKey);
  if (cached) return cached;

  const kpis = new Map(catalog.kpis);
  const kpiOf = new Map<string, string>();
  let next = 0;
  for (const variable of wanted) {
    const same = catalog.kpis.get(variable);
    if (same && formatExpr(same.expr) === variable) {
      kpiOf.set(variable, variable);
      continue;
    }
    // A measure without a KPI of its own is asked under its own id, as the catalog allows.
    let id = catalog.measures.has(variable) && !kpis.has(variable) ? variable : undefined;
    while (id === undefined || kpis.has(id)) id = `${INPUT_PREFIX}${next++}`;
    kpis.set(id, inputKpi(catalog, id, variable));
    kpiOf.set(variable, id);
  }
  const extended: Catalog = {
    ...catalog,
    kpis,
    kpi(id) {
      return kpis.get(id) ?? catalog.kpi(id);
    },
  };
  const answer = { catalog: extended, kpiOf };
  const byCatalog = inputCatalogs.get(catalog) ?? new Map<string, InputCatalog>();
  byCatalog.set(cacheKey, answer);
  inputCatalogs.set(catalog, byCatalog);
  return answer;
}

export interface InputQuery {
  variables: readonly string[];
  window: Period;
  filter?: string | undefined;
  dimensions?: readonly string[];
}

/** One group's values: its dimension values (null where a row has none) and each variable's value. */
export interface InputRow {
  keys: Record<string, string | null>;
  values: Record<string, number | null>;
}

export interface InputAnswer {
  rows: InputRow[];
  warnings: string[];
}

/** The variables over one window, grouped by the dimensions (one row without any). */
export async function fetchInputs(workspace: WorkspaceContext, query: InputQuery): Promise<InputAnswer> {
  const variables = [...new Set(query.variables)];
  const dimensions = [...(query.dimensions ?? [])];
  const { catalog, kpiOf } = inputCatalog(workspace.catalog, variables);
  const result = await runKpiQuery(workspace.warehouse, catalog, {
    kpis: variables.map((variable) => kpiOf.get(variable)!),
    dimensions,
    from: query.window.from,
    to: query.window.to,
    grain: 'total',
    timeZone: timeZoneOf(workspace),
    ...(query.filter ? { filter: query.filter } : {}),
  });
  const rows = result.rows.map((row): InputRow => {
    const keys: Record<string, string | null> = {};
    for (const dimension of dimensions) {
      const value = row[dimension];
      keys[dimension] = value === null || value === undefined ? null : String(value);
    }
    const values: Record<string, number | null> = {};
    for (const variable of variables) {
      const value = row[kpiOf.get(variable)!];
      values[variable] = typeof value === 'number' && Number.isFinite(value) ? value : null;
    }
    return { keys, values };
  });
  return { rows, warnings: result.warnings };
}

/** The sum of two groups' values, for groups that one segment stands for (no value and ''). */
export function addValues(a: VariableValues, b: VariableValues): Record<string, number | null> {
  const sum: Record<string, number | null> = {};
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const left = a[key];
    const right = b[key];
    sum[key] =
      (left === null || left === undefined) && (right === null || right === undefined)
        ? null
        : (left ?? 0) + (right ?? 0);
  }
  return sum;
}
