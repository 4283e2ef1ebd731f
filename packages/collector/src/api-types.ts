/**
 * The shapes of the API's answers that other packages read, as types only: the dashboard imports
 * them (`import type … from '@gongbang/collector'`), so its client follows the collector's code.
 */
export type { Kpi, KpiStatus, Kpis } from './metrics/formulas.js';
export type { KpiKey } from './metrics/kpi-definitions.js';
export type { KpiFigures, ShownElements } from './metrics/query.js';
