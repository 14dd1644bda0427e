/** The KPI catalog of a workspace, the formula checker, and the workspace's custom KPIs. */

import { checkFormulaText } from '@markpi/app';
import {
  buildCatalog,
  type Catalog,
  type CatalogKpi,
  checkKpiDefinitionLimits,
  isMarkpiError,
  MarkpiError,
} from '@markpi/core';
import type { z } from 'zod';
import { fail } from '../errors.js';
import { defineRoute, type Route, workspaceRole } from '../http/route.js';
import {
  catalogSchema,
  formulaCheckSchema,
  kpiParams,
  kpiResponseSchema,
  okSchema,
  saveKpiBodySchema,
  validateFormulaBodySchema,
  workspaceParams,
} from '../schemas.js';
import { audit } from './support.js';

function kpiView(kpi: CatalogKpi): z.input<typeof catalogSchema>['kpis'][number] {
  return {
    id: kpi.id,
    name: kpi.name,
    description: kpi.description,
    formula: kpi.formula,
    unit: kpi.unit,
    direction: kpi.direction,
    aggregation: kpi.aggregation,
    sources: kpi.sources,
    builtin: kpi.builtin,
    references: kpi.references,
  };
}

export function catalogView(catalog: Catalog): z.input<typeof catalogSchema> {
  return {
    baseCurrency: catalog.config.base_currency,
    timeZone: catalog.config.time_zone,
    kpis: [...catalog.kpis.values()].map(kpiView),
    measures: [...catalog.measures.values()].map((measure) => ({
      id: measure.id,
      fact: measure.fact,
      aggregation: measure.aggregation,
      unit: measure.unit,
      name: measure.name,
      description: measure.description,
      ...(measure.filter ? { filter: measure.filter } : {}),
      builtin: measure.builtin,
    })),
    dimensions: [...catalog.dimensions.values()].map((dimension) => ({
      id: dimension.id,
      name: dimension.name,
      description: dimension.description,
      ...(dimension.values ? { values: [...dimension.values] } : {}),
      facts: catalog.factsWithDimension(dimension.id),
    })),
    facts: [...catalog.facts.values()].map((fact) => ({
      id: fact.id,
      name: fact.name,
      grain: fact.grain,
      dimensions: [...fact.dimensions],
    })),
  };
}

export const catalogRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/workspaces/:ws/catalog',
    tag: 'catalog',
    summary: 'Every KPI (both languages), measure, dimension and fact of the workspace',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    response: catalogSchema,
    async handler(context) {
      return catalogView(
        (await context.services.registry.context(context.workspace().record, context.services.now)).catalog,
      );
    },
  }),

  defineRoute({
    method: 'POST',
    path: '/api/workspaces/:ws/kpis/validate',
    tag: 'catalog',
    summary: 'Check a KPI formula or a filter as it is typed',
    description:
      'Always 200 for a formula that can be read at all: `valid` says whether it is usable and each problem has ' +
      '`start`/`end` offsets into the text. Changes nothing (POST only because a formula may be long).',
    access: workspaceRole('viewer'),
    params: workspaceParams,
    body: validateFormulaBodySchema,
    response: formulaCheckSchema,
    async handler(context) {
      return checkFormulaText(context.services.registry.catalog(context.workspace().record), context.body);
    },
  }),

  defineRoute({
    method: 'PUT',
    path: '/api/workspaces/:ws/kpis/:kpiId',
    tag: 'catalog',
    summary: 'Create or replace a custom KPI',
    description:
      'The whole catalog is rebuilt with it; any problem (unit, aggregation, cycle) is a 400 with its place.',
    access: workspaceRole('editor'),
    params: kpiParams,
    body: saveKpiBodySchema,
    response: kpiResponseSchema,
    async handler(context) {
      const { services, body, params } = context;
      checkKpiDefinitionLimits(body);
      const { record } = context.workspace();
      const current = services.registry.catalog(record).config;
      const existed = current.kpis.some((kpi) => kpi.id === params.kpiId);
      const kpis = existed
        ? current.kpis.map((kpi) => (kpi.id === params.kpiId ? { id: params.kpiId, ...body } : kpi))
        : [...current.kpis, { id: params.kpiId, ...body }];
      const config = { ...current, kpis };
      const catalog = buildCatalog(config, { file: `workspace ${record.id}` });
      await services.workspaces.setConfig(record.id, config);
      await audit(context, {
        action: existed ? 'kpi.update' : 'kpi.create',
        target: params.kpiId,
        details: { formula: body.formula, unit: body.unit },
      });
      return { kpi: kpiView(catalog.kpi(params.kpiId)) };
    },
  }),

  defineRoute({
    method: 'DELETE',
    path: '/api/workspaces/:ws/kpis/:kpiId',
    tag: 'catalog',
    summary: 'Delete a custom KPI',
    description: '409 `kpi_in_use` when other custom KPIs are built on it.',
    access: workspaceRole('editor'),
    params: kpiParams,
    response: okSchema,
    async handler(context) {
      const { services, params } = context;
      const { record } = context.workspace();
      const catalog = services.registry.catalog(record);
      const current = catalog.config;
      const removed = current.kpis.find((kpi) => kpi.id === params.kpiId);
      if (!removed) {
        const builtin = catalog.kpis.get(params.kpiId)?.builtin === true;
        throw builtin
          ? new MarkpiError('builtin_kpi', `\`${params.kpiId}\` is a built-in KPI and can't be deleted`)
          : fail.notFound('kpi_not_found', `no custom KPI \`${params.kpiId}\` in this workspace`);
      }
      const users = [...catalog.kpis.values()]
        .filter((kpi) => kpi.references.kpis.includes(params.kpiId))
        .map((kpi) => kpi.id);
      if (users.length > 0) {
        throw new MarkpiError(
          'kpi_in_use',
          `\`${params.kpiId}\` is used by ${users.join(', ')}`,
          users.map((id) => ({
            message: `KPI \`${id}\` refers to \`${params.kpiId}\``,
            hint: 'change or delete it first',
          })),
        );
      }
      const config = { ...current, kpis: current.kpis.filter((kpi) => kpi.id !== params.kpiId) };
      try {
        buildCatalog(config, { file: `workspace ${record.id}` });
      } catch (error) {
        if (isMarkpiError(error)) throw new MarkpiError('kpi_in_use', error.message, error.problems);
        throw error;
      }
      await services.workspaces.setConfig(record.id, config);
      await audit(context, {
        action: 'kpi.delete',
        target: params.kpiId,
        details: { formula: removed.formula },
      });
      return { ok: true as const };
    },
  }),
];
