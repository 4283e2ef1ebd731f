export * from './cron.js';
export * from './inputs/cross-check.js';
export * from './inputs.js';
export * from './schema.js';
