export * from './commit-pacer.js';
export * from './dead-letter-file.js';
export * from './errors.js';
export * from './memory-spool.js';
export * from './options.js';
export * from './ranges.js';
export * from './sqlite-spool.js';
export type * from './types.js';
