/** The monitor's delivery: who is told what, by which channel, when, and sending it. */
export * from './delivery.js';
export * from './digest.js';
export * from './ports.js';
export * from './scheduler.js';
export * from './test-message.js';
export * from './transports.js';
