export * from './bounded-lru.js';
export * from './counter.js';
export * from './cycle-time.js';
export * from './machine-state.js';
