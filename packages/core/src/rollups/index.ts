export * from './buckets.js';
export * from './definition.js';
export * from './messages.js';
export * from './navigate.js';
export * from './propose.js';
export * from './questions.js';
export * from './sql.js';
