export * from './agent.js';
export * from './backoff/index.js';
export * from './config/index.js';
export * from './forwarder/index.js';
export * from './inputs/index.js';
export * from './jobs/index.js';
export * from './spool/index.js';
export * from './status/index.js';
export { AGENT_VERSION } from './version.js';
