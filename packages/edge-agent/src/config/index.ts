export * from './collector-url.js';
export * from './inputs.js';
export * from './load.js';
export * from './schema.js';
