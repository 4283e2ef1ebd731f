/**
 * The shapes of the API's answers that other packages read, as types only: the dashboard imports
 * them (`import type … from '@gongbang/collector'`), so its client follows the collector's code.
 */

export type { CreatedApiToken } from './auth/routes.js';
export type { Kpi, KpiStatus, Kpis } from './metrics/formulas.js';
export type { KpiKey } from './metrics/kpi-definitions.js';
export type { KpiFigures, ShownElements } from './metrics/query.js';
export type { WorkshopWithStages } from './registry/routes/workshops.js';
export type { Industry, StageEntry, Workshop } from './registry/schemas.js';
export type { ApiTokenInfo } from './users/sessions.js';
export type { User } from './users/types.js';
