/** Attribution over files and over the workspace's journeys: every model side by side. */
export * from './files.js';
export * from './messages.js';
export * from './report.js';
