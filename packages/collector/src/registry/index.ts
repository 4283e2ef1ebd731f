export * from './agents.js';
export * from './calendar.js';
export * from './migrations/index.js';
export * from './products.js';
export * from './routes/agents.js';
export * from './routes/workshops.js';
export * from './schemas.js';
export * from './workshops.js';
