export * from './csv.js';
export * from './route.js';
