export * from './labels.js';
export type * from './model.js';
export * from './offline.js';
export * from './render-html.js';
export * from './render-text.js';
export * from './status-server.js';
