/**
 * The application layer: the use cases the CLI and the HTTP server share. The edges parse input,
 * call these with a `WorkspaceContext`, and render; defaults and rules live here once.
 */
export * from './access/index.js';
export * from './analytics/compare.js';
export * from './analytics/formula.js';
export * from './analytics/overview.js';
export * from './analytics/periods.js';
export * from './analytics/values.js';
export * from './annotations/index.js';
export * from './attribution/index.js';
export * from './boards/index.js';
export * from './cancellation.js';
export * from './checks.js';
export * from './creators/index.js';
export * from './customers/index.js';
export * from './demo.js';
export * from './diagnosis/index.js';
export * from './entities.js';
export * from './imports.js';
export * from './lift/index.js';
export * from './monitor/index.js';
export * from './notify/index.js';
export * from './query.js';
export * from './rollups.js';
export * from './targets/bulk.js';
export * from './targets/demo-targets.js';
export * from './targets/kpi-data.js';
export * from './targets/repository.js';
export * from './targets/scorecard.js';
export * from './targets/services.js';
export * from './targets/use-cases.js';
export * from './workspace.js';
export * from './workspaces.js';
