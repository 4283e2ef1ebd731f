export type * from './api-types.js';
export * from './app.js';
export * from './auth/index.js';
export * from './config/index.js';
export { mulberry32, type Rng } from './evaluation/random.js';
export * from './ingest/index.js';
export { kstDayOf, kstDayStartMs } from './metrics/periods.js';
export * from './readings/index.js';
// Pure calendar helpers the simulator plans its workshops with, so both sides agree on planned time.
export { type Calendar, type CalendarInput, plannedWindows } from './registry/index.js';
export { koreanPublicHolidays, type PublicHoliday } from './registry/korean-holidays.js';
export * from './server.js';
export * from './store/index.js';
export * from './telemetry/index.js';
export { COLLECTOR_VERSION } from './version.js';
