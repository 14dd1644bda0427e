/**
 * The catalog: every measure, dimension and KPI a workspace knows, checked as a whole.
 * Building it parses every formula, resolves every name, rejects cycles and unit mistakes,
 * and collects all problems before reporting, each with its place.
 */
import type { AccessScope } from '../access/scope.js';
import { didYouMean, MarkpiError, type Problem } from '../errors.js';
import type { Expr } from '../formula/ast.js';
import {
  type CheckEnvironment,
  checkFormula,
  type FormulaSymbol,
  parseFormula,
  walk,
} from '../formula/index.js';
import {
  DIMENSIONS,
  type DimensionDefinition,
  FACTS,
  type FactDefinition,
  type FactId,
  factMeasureColumns,
  MEASURES,
  type MeasureDefinition,
} from '../model/facts.js';
import { describeUnit, measureUnitVector, type UnitVector, unitFits } from '../model/units.js';
import { BUILTIN_KPIS } from './builtin-kpis.js';
import {
  type AggregationClass,
  type KpiDefinition,
  kpiDefinitionSchema,
  type WorkspaceConfig,
  workspaceConfigSchema,
} from './schema.js';

export interface CatalogMeasure extends MeasureDefinition {
  unitVector: UnitVector;
  /** Parsed row filter, when the measure counts only some rows. */
  filterExpr?: Expr;
  builtin: boolean;
}

export interface CatalogKpi extends KpiDefinition {
  expr: Expr;
  unitVector: UnitVector;
  /** Names the formula uses directly. */
  references: { measures: string[]; kpis: string[]; dimensions: string[] };
  builtin: boolean;
}

export interface Catalog {
  readonly config: WorkspaceConfig;
  readonly measures: ReadonlyMap<string, CatalogMeasure>;
  readonly kpis: ReadonlyMap<string, CatalogKpi>;
  readonly dimensions: ReadonlyMap<string, DimensionDefinition>;
  readonly facts: ReadonlyMap<FactId, FactDefinition>;
  /** Rows a scoped caller may see; the planner ANDs it into every query (`access/scope.ts`). */
  readonly rowScope?: AccessScope;
  /** The KPI, or a user error with "did you mean" when there is none. */
  kpi(id: string): CatalogKpi;
  dimension(id: string): DimensionDefinition;
  /** Facts that carry a dimension (`date` is in all). */
  factsWithDimension(dimension: string): FactId[];
}

function factsCarrying(dimension: string): FactId[] {
  return FACTS.filter((fact) => dimension === 'date' || fact.dimensions.includes(dimension)).map(
    (fact) => fact.id,
  );
}

/** The aggregation class a formula's shape implies; the declared class must agree. */
export function inferAggregationClass(
  expr: Expr,
  measures: ReadonlyMap<string, CatalogMeasure>,
  kpiClasses: ReadonlyMap<string, AggregationClass>,
): AggregationClass {
  let threshold = false;
  let periodOverPeriod = false;
  let snapshot = false;
  let distinct = false;
  walk(expr, (node) => {
    if (node.kind === 'call' && node.name === 'count_if') threshold = true;
    if (node.kind === 'call' && (node.name === 'prior' || node.name === 'opening')) periodOverPeriod = true;
    if (node.kind === 'name') {
      const measure = measures.get(node.name);
      if (measure?.aggregation === 'snapshot') snapshot = true;
      if (measure?.aggregation === 'distinct') distinct = true;
      const referenced = measure ? undefined : kpiClasses.get(node.name);
      if (referenced === 'threshold') threshold = true;
      if (referenced === 'period_over_period') periodOverPeriod = true;
    }
  });
  if (threshold) return 'threshold';
  if (periodOverPeriod) return 'period_over_period';
  if (isRatio(expr, kpiClasses, measures)) return 'ratio';
  if (snapshot) return 'snapshot';
  if (distinct) return 'distinct';
  return 'additive';
}

/** A division at the top, possibly scaled by a constant, or a reference to a ratio KPI. */
function isRatio(
  expr: Expr,
  kpiClasses: ReadonlyMap<string, AggregationClass>,
  measures: ReadonlyMap<string, CatalogMeasure>,
): boolean {
  if (expr.kind === 'binary' && expr.operator === '/') return true;
  if (expr.kind === 'binary' && expr.operator === '*') {
    return (
      (expr.left.kind === 'number' && isRatio(expr.right, kpiClasses, measures)) ||
      (expr.right.kind === 'number' && isRatio(expr.left, kpiClasses, measures))
    );
  }
  if (expr.kind === 'call' && expr.name === 'safe_div') return true;
  if (expr.kind === 'name' && !measures.has(expr.name)) return kpiClasses.get(expr.name) === 'ratio';
  return false;
}

interface Source {
  file?: string;
}

function placed(problem: Problem, file: string | undefined, path: string): Problem {
  return { ...problem, ...(file ? { file } : {}), path };
}

export function buildCatalog(configInput: unknown = {}, source: Source = {}): Catalog {
  const problems: Problem[] = [];
  const parsedConfig = workspaceConfigSchema.safeParse(configInput ?? {});
  if (!parsedConfig.success) {
    throw new MarkpiError(
      'invalid_workspace_file',
      `${source.file ?? 'workspace settings'}: ${parsedConfig.error.issues.length} problem(s)`,
      parsedConfig.error.issues.map((issue) => ({
        message: issue.message,
        path: issue.path
          .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
          .join('')
          .replace(/^\./, ''),
        ...(source.file ? { file: source.file } : {}),
      })),
    );
  }
  const config = parsedConfig.data;
  const file = source.file;

  const measures = new Map<string, CatalogMeasure>();
  for (const measure of MEASURES)
    measures.set(measure.id, { ...measure, unitVector: measureUnitVector(measure.unit), builtin: true });
  config.measures.forEach((custom, index) => {
    const path = `measures[${index}]`;
    if (measures.has(custom.id)) {
      problems.push(placed({ message: `measure \`${custom.id}\` already exists` }, file, `${path}.id`));
      return;
    }
    const columns = factMeasureColumns(custom.fact);
    if (!columns.includes(custom.column)) {
      problems.push(
        placed(
          {
            message: `fact \`${custom.fact}\` has no column \`${custom.column}\``,
            hint: didYouMean(custom.column, columns) ?? `columns: ${columns.join(', ')}`,
          },
          file,
          `${path}.column`,
        ),
      );
      return;
    }
    measures.set(custom.id, {
      ...custom,
      description: custom.description ?? custom.name,
      unitVector: measureUnitVector(custom.unit),
      builtin: false,
    });
  });

  const dimensions = new Map(DIMENSIONS.map((dimension) => [dimension.id, dimension] as const));
  const facts = new Map(FACTS.map((fact) => [fact.id, fact] as const));

  // Measure filters are conditions over the dimensions of the measure's own fact.
  for (const measure of measures.values()) {
    if (!measure.filter) continue;
    const path = measure.builtin
      ? `builtin measure ${measure.id}`
      : `measures[${config.measures.findIndex((entry) => entry.id === measure.id)}].filter`;
    const parsed = parseFormula(measure.filter);
    if (!parsed.ok) {
      problems.push(...parsed.problems.map((problem) => placed(problem, file, path)));
      continue;
    }
    const fact = facts.get(measure.fact)!;
    const env: CheckEnvironment = {
      lookup: (name) => {
        if (name === 'date' || fact.dimensions.includes(name))
          return { kind: 'dimension', id: name, facts: [fact.id] };
        return undefined;
      },
      names: () => ['date', ...fact.dimensions],
    };
    const checked = checkFormula(parsed.expr, env, 'filter');
    if (checked.problems.length > 0) {
      problems.push(...checked.problems.map((problem) => placed(problem, file, path)));
      continue;
    }
    measure.filterExpr = parsed.expr;
  }

  const definitions: { definition: KpiDefinition; path: string; builtin: boolean }[] = [];
  BUILTIN_KPIS.forEach((input) => {
    definitions.push({
      definition: kpiDefinitionSchema.parse(input),
      path: `builtin kpi ${input.id}`,
      builtin: true,
    });
  });
  config.kpis.forEach((definition, index) => {
    if (definitions.some((entry) => entry.definition.id === definition.id)) {
      problems.push(
        placed(
          { message: `KPI \`${definition.id}\` already exists in the catalog` },
          file,
          `kpis[${index}].id`,
        ),
      );
      return;
    }
    if (measures.has(definition.id) && definition.formula.trim() !== definition.id) {
      problems.push(
        placed(
          { message: `\`${definition.id}\` is a measure; a KPI with that id must be just that measure` },
          file,
          `kpis[${index}].id`,
        ),
      );
      return;
    }
    definitions.push({ definition, path: `kpis[${index}]`, builtin: false });
  });

  const parsedKpis = new Map<
    string,
    { definition: KpiDefinition; path: string; builtin: boolean; expr: Expr }
  >();
  for (const entry of definitions) {
    const parsed = parseFormula(entry.definition.formula);
    if (!parsed.ok) {
      problems.push(...parsed.problems.map((problem) => placed(problem, file, `${entry.path}.formula`)));
      continue;
    }
    parsedKpis.set(entry.definition.id, { ...entry, expr: parsed.expr });
  }

  const units = new Map<string, UnitVector>();
  const classes = new Map<string, AggregationClass>();
  const env: CheckEnvironment = {
    lookup: (name): FormulaSymbol | undefined => {
      const measure = measures.get(name);
      if (measure)
        return {
          kind: 'measure',
          id: name,
          unit: measure.unitVector,
          aggregation: measure.aggregation,
          fact: measure.fact,
        };
      if (parsedKpis.has(name)) return { kind: 'kpi', id: name, unit: units.get(name) };
      if (dimensions.has(name)) return { kind: 'dimension', id: name, facts: factsCarrying(name) };
      return undefined;
    },
    names: () => [...measures.keys(), ...parsedKpis.keys(), ...dimensions.keys()],
  };

  // Check KPIs in dependency order so each one's unit is known before it is used.
  const kpis = new Map<string, CatalogKpi>();
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]): void => {
    const entry = parsedKpis.get(id);
    if (!entry || state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(id)), id];
      problems.push(
        placed(
          { message: `KPIs refer to each other in a circle: ${cycle.join(' → ')}` },
          file,
          `${entry.path}.formula`,
        ),
      );
      return;
    }
    state.set(id, 'visiting');
    const checked = checkFormula(entry.expr, env, 'kpi');
    for (const kpiId of checked.references.kpis) if (!measures.has(kpiId)) visit(kpiId, [...trail, id]);
    state.set(id, 'done');
    // Re-check now that dependencies have units.
    const final = checkFormula(entry.expr, env, 'kpi');
    if (final.problems.length > 0) {
      problems.push(...final.problems.map((problem) => placed(problem, file, `${entry.path}.formula`)));
      return;
    }
    if (!final.unit) return;
    if (!unitFits(entry.definition.unit, final.unit)) {
      problems.push(
        placed(
          {
            message: `formula gives ${describeUnit(final.unit)} but the KPI's unit is \`${entry.definition.unit}\``,
          },
          file,
          `${entry.path}.unit`,
        ),
      );
      return;
    }
    const inferred = inferAggregationClass(entry.expr, measures, classes);
    if (inferred !== entry.definition.aggregation) {
      problems.push(
        placed(
          {
            message: `formula has the shape of a \`${inferred}\` KPI but \`aggregation\` says \`${entry.definition.aggregation}\``,
          },
          file,
          `${entry.path}.aggregation`,
        ),
      );
      return;
    }
    units.set(id, final.unit);
    classes.set(id, inferred);
    kpis.set(id, {
      ...entry.definition,
      expr: entry.expr,
      unitVector: final.unit,
      references: {
        measures: [...final.references.measures],
        kpis: [...final.references.kpis],
        dimensions: [...final.references.dimensions],
      },
      builtin: entry.builtin,
    });
  };
  for (const id of parsedKpis.keys()) visit(id, []);

  if (problems.length > 0) {
    throw new MarkpiError('invalid_catalog', `${file ?? 'catalog'}: ${problems.length} problem(s)`, problems);
  }

  // Keep catalog order (built-ins first, then the workspace file's), not dependency order.
  const ordered = new Map(
    [...parsedKpis.keys()].filter((id) => kpis.has(id)).map((id) => [id, kpis.get(id)!] as const),
  );

  return {
    config,
    measures,
    kpis: ordered,
    dimensions,
    facts,
    kpi(id) {
      const found = ordered.get(id);
      if (!found) {
        throw new MarkpiError('unknown_kpi', `unknown KPI \`${id}\``, [
          {
            message: `unknown KPI \`${id}\``,
            hint: didYouMean(id, ordered.keys()) ?? 'run `markpi kpis` for the list',
          },
        ]);
      }
      return found;
    },
    dimension(id) {
      const found = dimensions.get(id);
      if (!found) {
        throw new MarkpiError('unknown_dimension', `unknown dimension \`${id}\``, [
          {
            message: `unknown dimension \`${id}\``,
            hint: didYouMean(id, dimensions.keys()) ?? `dimensions: ${[...dimensions.keys()].join(', ')}`,
          },
        ]);
      }
      return found;
    },
    factsWithDimension: factsCarrying,
  };
}
