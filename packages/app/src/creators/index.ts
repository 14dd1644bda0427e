/** Creators' leaderboards, pages and re-hire signals, search visibility and O-5A audiences. */
export * from './audiences.js';
export * from './kpis.js';
export * from './leaderboard.js';
export * from './registry.js';
export * from './roster.js';
export * from './search.js';
