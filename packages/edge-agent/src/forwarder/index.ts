export * from './clock.js';
export * from './forwarder.js';
export * from './http-uplink.js';
export * from './options.js';
export * from './uplink.js';
