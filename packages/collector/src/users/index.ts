export * from './password.js';
export * from './repository.js';
export * from './routes.js';
export * from './sessions.js';
export * from './types.js';
