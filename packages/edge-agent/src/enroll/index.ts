export * from './exchange.js';
export * from './rotate.js';
export * from './write.js';
