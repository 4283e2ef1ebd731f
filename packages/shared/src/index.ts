export * from './batch.js';
export * from './config-file.js';
export * from './errors.js';
export * from './i18n.js';
export * from './primitives.js';
export * from './readings.js';
