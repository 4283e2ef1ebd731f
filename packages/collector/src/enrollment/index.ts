export * from './codes.js';
export * from './repository.js';
export * from './routes.js';
