export { BUILTIN_KPIS } from './builtin-kpis.js';
export {
  buildCatalog,
  type Catalog,
  type CatalogKpi,
  type CatalogMeasure,
  inferAggregationClass,
} from './catalog.js';
export * from './schema.js';
export { catalogFromWorkspaceFile, WORKSPACE_FILE_NAME } from './workspace-file.js';
