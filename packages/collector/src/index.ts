export { COLLECTOR_VERSION } from './version.js';
