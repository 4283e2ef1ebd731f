export * from './elements.js';
export * from './inputs.js';
