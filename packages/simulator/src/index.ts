export {
  type BackfillOptions,
  type BackfillProgress,
  type BackfillResult,
  backfill,
  CollectorClient,
  CollectorError,
} from './backfill/index.js';
export * from './live/index.js';
export * from './load/index.js';
export { INDUSTRIES, INDUSTRY_IDS, type IndustryId, type IndustryParams, TRANSITIONS } from './model/industries.js';
export { buildProgramme, type Programme, paramsAtStage, type SimWorkshop } from './model/programme.js';
export { type DayAccounting, type SimDay, simulateWorkshop } from './model/workshop.js';
export { Random } from './random.js';
export { computeTruth, TRUTH_OUTCOMES, type Truth } from './truth.js';
export { SIMULATOR_VERSION } from './version.js';
