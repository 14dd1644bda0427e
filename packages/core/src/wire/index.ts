export * from './analytics.js';
export * from './zod-problems.js';
