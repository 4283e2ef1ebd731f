export * from './exchange.js';
export * from './local-file.js';
export * from './rotate.js';
export * from './write.js';
