export * from './elements.js';
export * from './formulas.js';
export * from './histogram.js';
export * from './inputs.js';
export * from './kpi-definitions.js';
export * from './stats.js';
