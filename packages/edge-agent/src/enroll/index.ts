export * from './exchange.js';
export * from './write.js';
