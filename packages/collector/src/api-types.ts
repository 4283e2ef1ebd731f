/**
 * The shapes of the API's answers that other packages read, as types only: the dashboard imports
 * them (`import type … from '@gongbang/collector'`), so its client follows the collector's code.
 */

export type { EvaluatedAggregate, EvaluatedCell, EvaluatedEstimate, Evaluation } from './evaluation/analysis.js';
export type { AttGtNote, GroupTimeEffect, PreTest } from './evaluation/att-gt.js';
export type { EvaluationAnswer } from './evaluation/routes.js';
export type { DescriptiveAnswer, EvaluationResult } from './evaluation/service.js';
export type { TrendBreak, TrendInterval } from './evaluation/trend-break.js';
export type { EvaluationOutcome, Transition } from './evaluation/weekly-panel.js';
export type { CoverageAnswer, CoverageCell, CoverageWorkshop } from './metrics/coverage.js';
export type { Kpi, KpiStatus, Kpis } from './metrics/formulas.js';
export type { KpiKey } from './metrics/kpi-definitions.js';
export type { ProgrammeGroup, ProgrammeView } from './metrics/programme.js';
export type { KpiFigures, ShownElements } from './metrics/query.js';
export type { ProgrammeKpisAnswer } from './metrics/routes.js';
export type { Quartiles } from './metrics/stats.js';
export type { Industry } from './registry/schemas.js';
