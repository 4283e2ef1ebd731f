export * from './aggregate.js';
export * from './analysis.js';
export * from './att-gt.js';
export * from './bootstrap.js';
export * from './distributions.js';
export { standardError, ZERO_SE } from './influence.js';
export * from './panel.js';
export * from './random.js';
export { ESTIMATOR_VERSION } from './version.js';
