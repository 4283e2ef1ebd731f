// The schema is its own package so the collector can validate remote configs without the
// agent's device libraries; the agent imports it from here as before.
export * from '@gongbang/agent-config';
export * from './collector-url.js';
export * from './expect-type.js';
export * from './load.js';
