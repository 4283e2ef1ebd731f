export * from './health.js';
export * from './scheduler.js';
