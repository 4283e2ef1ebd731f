export * from './client.js';
export * from './files.js';
export * from './merge.js';
export * from './overrides.js';
export * from './startup.js';
export * from './store.js';
export * from './sync.js';
