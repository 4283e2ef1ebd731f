export * from './config/index.js';
export { AGENT_VERSION } from './version.js';
