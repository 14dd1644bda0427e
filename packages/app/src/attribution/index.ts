/** Attribution over files and over the workspace's journeys: every model side by side. */

export * from './creators.js';
export * from './credits.js';
export * from './events.js';
export * from './files.js';
export * from './messages.js';
export * from './refresh.js';
export * from './report.js';
export * from './workspace.js';
