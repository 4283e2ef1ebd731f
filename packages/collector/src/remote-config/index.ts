export * from './repository.js';
export * from './routes.js';
export * from './secrets.js';
export * from './validator.js';
