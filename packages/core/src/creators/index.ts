/** Creators judged by their tier's KPIs, search visibility and O-5A audience assets. */
export * from './audiences.js';
export * from './leaderboard.js';
export * from './messages.js';
export * from './search.js';
export * from './tiers.js';
