/** What a scoped caller reads beside the planner: the records inside the scope, by one rule. */
export * from './creators.js';
export * from './facts.js';
export * from './monitor.js';
export * from './pages.js';
export * from './range.js';
export * from './rules.js';
export * from './sql.js';
