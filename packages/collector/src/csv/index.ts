export * from './safe-csv.js';
