export * from './check.js';
export * from './ranges.js';
export * from './route.js';
export * from './schema.js';
