export * from './access-plugin.js';
export * from './chain.js';
export * from './errors.js';
export * from './registry-authenticators.js';
export * from './routes.js';
export * from './token-lists.js';
