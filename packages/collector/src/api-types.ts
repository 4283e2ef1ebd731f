/**
 * The shapes of the API's answers that other packages read, as types only: the dashboard imports
 * them (`import type … from '@gongbang/collector'`), so its client follows the collector's code.
 */

export type { GapReading, HealthReading, InputHealth, Reading, ReadingKind, ValidationIssue } from '@gongbang/shared';
export type { EnrollmentCodeInfo, IssuedEnrollmentCode } from './enrollment/repository.js';
export type { Kpi, KpiStatus, Kpis } from './metrics/formulas.js';
export type { KpiKey } from './metrics/kpi-definitions.js';
export type { KpiFigures, ShownElements } from './metrics/query.js';
export type { ReadingsAnswer } from './readings/route.js';
export type { Agent } from './registry/agents.js';
export type { Workshop } from './registry/schemas.js';
export type { AgentConfigVersion } from './remote-config/repository.js';
export type { AgentConfigAnswer, ConfigValidation, ShownConfigVersion } from './remote-config/routes.js';
