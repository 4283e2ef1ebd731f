export * from './node-settings.js';
