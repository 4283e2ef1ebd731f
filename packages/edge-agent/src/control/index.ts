export * from './client.js';
export * from './dead-letter-ops.js';
export * from './protocol.js';
export * from './server.js';
