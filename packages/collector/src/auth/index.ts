export * from './agent-token.js';
export * from './interim-access.js';
export * from './route-access.js';
export * from './user-auth.js';
