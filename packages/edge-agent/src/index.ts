export * from './config/index.js';
export * from './inputs/index.js';
export { AGENT_VERSION } from './version.js';
