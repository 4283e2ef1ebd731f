// Input modules import their config types from here; they live in @gongbang/agent-config.
export * from '@gongbang/agent-config';
export * from './expect-type.js';
