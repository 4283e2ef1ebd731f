export { AGENT_VERSION } from './version.js';
