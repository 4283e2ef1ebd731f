export * from './live/index.js';
export { SIMULATOR_VERSION } from './version.js';
