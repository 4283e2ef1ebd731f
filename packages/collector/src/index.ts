export * from './app.js';
export * from './auth/index.js';
export * from './config/index.js';
export * from './ingest/index.js';
export * from './readings/index.js';
export * from './server.js';
export * from './store/index.js';
export * from './telemetry/index.js';
export { COLLECTOR_VERSION } from './version.js';
