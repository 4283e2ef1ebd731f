export * from './load-agent.js';
export * from './measured-uplink.js';
export * from './readings.js';
