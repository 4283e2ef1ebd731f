export * from './authenticators.js';
export * from './cli-support.js';
export * from './kpis.js';
export * from './registry.js';
export * from './registry-routes.js';
export * from './transfer.js';
