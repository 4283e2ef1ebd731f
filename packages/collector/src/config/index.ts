export * from './load.js';
export * from './schema.js';
export * from './trust-proxy.js';
