export * from './config.js';
export * from './sequence.js';
export * from './simulated-input.js';
