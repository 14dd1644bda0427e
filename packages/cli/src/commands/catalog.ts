import {
  type Catalog,
  type CatalogKpi,
  compileKpiQuery,
  type Dialect,
  duckDbDialect,
  expandKpi,
  formatExpr,
  walk,
} from '@markpi/core';

export type Language = 'en' | 'zh';

export function catalogRows(catalog: Catalog, language: Language) {
  return [...catalog.kpis.values()].map((kpi) => ({
    id: kpi.id,
    name: kpi.name[language],
    formula: kpi.formula,
    unit: kpi.unit,
    direction: kpi.direction,
    aggregation: kpi.aggregation,
    ...(kpi.builtin ? {} : { custom: true }),
  }));
}

function factsRead(catalog: Catalog, kpi: CatalogKpi): string[] {
  const tables = new Set<string>();
  walk(expandKpi(catalog, kpi), (node) => {
    const measure = node.kind === 'name' ? catalog.measures.get(node.name) : undefined;
    if (measure) tables.add(catalog.facts.get(measure.fact)!.table);
  });
  return [...tables];
}

/** Everything about one KPI: definition, what it is built from, and the SQL it runs. */
export function explainKpi(
  catalog: Catalog,
  id: string,
  language: Language,
  range: { from: string; to: string },
  dialect: Dialect = duckDbDialect,
) {
  const kpi = catalog.kpi(id);
  const compiled = compileKpiQuery(catalog, { kpis: [id], from: range.from, to: range.to }, dialect);
  return {
    id: kpi.id,
    name: kpi.name[language],
    description: kpi.description[language],
    formula: kpi.formula,
    expanded: formatExpr(expandKpi(catalog, kpi)),
    unit: kpi.unit,
    direction: kpi.direction,
    aggregation: kpi.aggregation,
    sources: kpi.sources,
    measures: kpi.references.measures,
    kpis: kpi.references.kpis.filter((name) => !catalog.measures.has(name)),
    tables: factsRead(catalog, kpi),
    example: { from: range.from, to: range.to },
    sql: compiled.sql,
    params: compiled.params,
  };
}
