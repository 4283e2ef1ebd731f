export { SIMULATOR_VERSION } from './version.js';
