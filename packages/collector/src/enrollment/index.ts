export * from './codes.js';
export * from './repository.js';
