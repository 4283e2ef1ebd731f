/**
 * The shapes of the API's answers that other packages read, as types only: the dashboard imports
 * them (`import type … from '@gongbang/collector'`), so its client follows the collector's code.
 */

export type { GapReading, HealthReading, InputHealth, Reading, ReadingKind, ValidationIssue } from '@gongbang/shared';
export type { CreatedApiToken } from './auth/routes.js';
export type { EnrollmentCodeInfo, IssuedEnrollmentCode } from './enrollment/repository.js';
export type { EvaluatedAggregate, EvaluatedCell, EvaluatedEstimate, Evaluation } from './evaluation/analysis.js';
export type { AttGtNote, GroupTimeEffect, PreTest } from './evaluation/att-gt.js';
export type { AnsweredAggregate, AnsweredEstimate, EvaluationAnswer } from './evaluation/routes.js';
export type { DescriptiveAnswer, EvaluationResult } from './evaluation/service.js';
export type { TrendBreak, TrendInterval } from './evaluation/trend-break.js';
export type { EvaluationOutcome, Transition } from './evaluation/weekly-panel.js';
export type { CoverageAnswer, CoverageCell, CoverageWorkshop } from './metrics/coverage.js';
export type { StopInterval } from './metrics/day-input.js';
export type { Kpi, KpiStatus, Kpis } from './metrics/formulas.js';
export type { ManualEntry, StopReasonAssignment } from './metrics/inputs.js';
export type { KpiKey } from './metrics/kpi-definitions.js';
export type {
  MachineStates,
  MachineStatesAnswer,
  ShownMachineState,
  StateSegment,
} from './metrics/machine-states.js';
export type { ManualEntryField } from './metrics/manual-entry-schema.js';
export type { Change, GainWindows, PeerGain } from './metrics/peer-gains.js';
export type { PeerGainsAnswer } from './metrics/peer-gains-route.js';
export type { PeerMedians, ProgrammeGroup, ProgrammeView } from './metrics/programme.js';
export type { KpiFigures, ShownElements } from './metrics/query.js';
export type { StopReasonCode } from './metrics/reasons.js';
export type { KpiAnswer, ProgrammeKpisAnswer, StopsAnswer } from './metrics/routes.js';
export type { Quartiles } from './metrics/stats.js';
export type { ReadingsAnswer } from './readings/route.js';
export type { Agent } from './registry/agents.js';
export type { PlannedDay } from './registry/calendar.js';
export type { WorkshopWithStages } from './registry/routes/workshops.js';
export type { Industry, StageEntry, Workshop } from './registry/schemas.js';
export type { AgentConfigVersion } from './remote-config/repository.js';
export type { AgentConfigAnswer, ConfigValidation, ShownConfigVersion } from './remote-config/routes.js';
export type { ApiTokenInfo } from './users/sessions.js';
export type { User } from './users/types.js';
