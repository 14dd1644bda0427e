/**
 * Checks a formula as the user types it in the custom-KPI editor: parse, resolve names against
 * the workspace's catalog, check units, and say what the formula computes. Never throws for a
 * bad formula; every problem comes back with offsets into the text for underlining.
 */
import {
  type AggregationClass,
  type Catalog,
  type CheckEnvironment,
  checkFormula,
  describeUnit,
  type FormulaCheck,
  type FormulaSymbol,
  inferAggregationClass,
  KPI_UNITS,
  type Problem,
  parseFormula,
  unitFits,
} from '@markpi/core';

type KpiUnit = (typeof KPI_UNITS)[number];

export interface FormulaCheckRequest {
  formula: string;
  mode: 'kpi' | 'filter';
  unit?: KpiUnit | undefined;
  aggregation?: AggregationClass | undefined;
}

/**
 * The catalog as the checker sees it. KPI formulas resolve measures, then KPIs, then
 * dimensions (as the catalog does); filters resolve dimensions first (as the planner does).
 */
export function catalogEnvironment(catalog: Catalog, mode: 'kpi' | 'filter'): CheckEnvironment {
  const measure = (name: string): FormulaSymbol | undefined => {
    const found = catalog.measures.get(name);
    return (
      found && {
        kind: 'measure',
        id: name,
        unit: found.unitVector,
        aggregation: found.aggregation,
        fact: found.fact,
      }
    );
  };
  const kpi = (name: string): FormulaSymbol | undefined => {
    const found = catalog.kpis.get(name);
    return found && { kind: 'kpi', id: name, unit: found.unitVector };
  };
  const dimension = (name: string): FormulaSymbol | undefined =>
    catalog.dimensions.has(name)
      ? { kind: 'dimension', id: name, facts: catalog.factsWithDimension(name) }
      : undefined;
  const order = mode === 'kpi' ? [measure, kpi, dimension] : [dimension, measure];
  return {
    lookup: (name) => {
      for (const find of order) {
        const symbol = find(name);
        if (symbol) return symbol;
      }
      return undefined;
    },
    names: () =>
      mode === 'kpi'
        ? [...catalog.measures.keys(), ...catalog.kpis.keys(), ...catalog.dimensions.keys()]
        : [...catalog.dimensions.keys()],
  };
}

const NO_REFERENCES = { measures: [], kpis: [], dimensions: [] };

export function checkFormulaText(catalog: Catalog, request: FormulaCheckRequest): FormulaCheck {
  const parsed = parseFormula(request.formula);
  if (!parsed.ok) {
    return {
      valid: false,
      problems: parsed.problems,
      unit: null,
      suggestedUnits: [],
      aggregation: null,
      references: NO_REFERENCES,
    };
  }
  const checked = checkFormula(parsed.expr, catalogEnvironment(catalog, request.mode), request.mode);
  const references = {
    measures: [...checked.references.measures],
    kpis: [...checked.references.kpis],
    dimensions: [...checked.references.dimensions],
  };
  const problems: Problem[] = [...checked.problems];
  if (request.mode === 'filter') {
    return {
      valid: problems.length === 0,
      problems,
      unit: null,
      suggestedUnits: [],
      aggregation: null,
      references,
    };
  }
  const whole = { start: 0, end: request.formula.length };
  const unit = checked.unit;
  const suggestedUnits = unit ? KPI_UNITS.filter((candidate) => unitFits(candidate, unit)) : [];
  if (unit && request.unit && !unitFits(request.unit, unit)) {
    problems.push({
      ...whole,
      message: `the formula gives ${describeUnit(unit)} but the unit is \`${request.unit}\``,
      ...(suggestedUnits.length > 0 ? { hint: `units that fit: ${suggestedUnits.join(', ')}` } : {}),
    });
  }
  let aggregation: AggregationClass | null = null;
  if (checked.problems.length === 0) {
    const kpiClasses = new Map(
      [...catalog.kpis.values()].map((entry) => [entry.id, entry.aggregation] as const),
    );
    aggregation = inferAggregationClass(parsed.expr, catalog.measures, kpiClasses);
    if (request.aggregation && request.aggregation !== aggregation) {
      problems.push({
        ...whole,
        message: `the formula has the shape of a \`${aggregation}\` KPI but the aggregation is \`${request.aggregation}\``,
        hint: `set the aggregation to \`${aggregation}\``,
      });
    }
  }
  return {
    valid: problems.length === 0,
    problems,
    unit: unit ? describeUnit(unit) : null,
    suggestedUnits,
    aggregation,
    references,
  };
}
