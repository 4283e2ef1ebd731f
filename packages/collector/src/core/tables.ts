import type { ColumnType } from 'kysely';

/**
 * Table shapes of the registry. Portable across SQLite and PostgreSQL on purpose:
 * ids and timestamps are text (timestamps are ISO-8601 UTC, which sort as they compare),
 * dates are `YYYY-MM-DD` text, structured values are JSON text.
 */
export interface RegistryTables {
  workshops: WorkshopTable;
  workshop_stages: WorkshopStageTable;
  workshop_calendars: WorkshopCalendarTable;
  workshop_days_off: WorkshopDayOffTable;
  products: ProductTable;
  operations: OperationTable;
  machines: MachineTable;
  agents: AgentTable;
  agent_configs: AgentConfigTable;
  users: UserTable;
  user_workshops: UserWorkshopTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  enrollment_codes: EnrollmentCodeTable;
  auth_failures: AuthFailureTable;
  kpi_rows: KpiRowTable;
  kpi_days: KpiDayTable;
  kpi_dirty: KpiDirtyTable;
  kpi_stops: KpiStopTable;
  manual_entries: ManualEntryTable;
  stop_reasons: StopReasonTable;
}

export interface WorkshopTable {
  id: string;
  name_ko: string;
  name_en: string;
  industry: string;
  cluster: string | null;
  headcount: number | null;
  created_at: string;
}

export interface WorkshopStageTable {
  workshop_id: string;
  stage: number;
  started_on: string;
  level: string;
  measurement_started_on: string | null;
}

export interface WorkshopCalendarTable {
  workshop_id: string;
  /** JSON: WeeklyHours. */
  weekly: string;
  /** 1 when Korean public holidays are days off. */
  public_holidays_off: number;
  updated_at: string;
}

export interface WorkshopDayOffTable {
  workshop_id: string;
  day: string;
  reason: string | null;
}

export interface ProductTable {
  workshop_id: string;
  id: string;
  name: string;
}

export interface OperationTable {
  workshop_id: string;
  product_id: string;
  id: string;
  name: string;
  pru_s: number;
}

/** A machine of a workshop (migration 004). */
export interface MachineTable {
  workshop_id: string;
  id: string;
  name: string;
  /** PRU fallback, s per unit. */
  default_pru_s: number | null;
  /** JSON: `{ source, channel, meaning }[]`. */
  counts: string;
  /** JSON: scanner source ids. */
  scanners: string;
  updated_at: string;
}

export interface AgentTable {
  id: string;
  workshop_id: string;
  token_hash: string | null;
  /** A token the agent asked for and has not used yet (see AgentRepository.beginRotation). */
  next_token_hash: string | null;
  token_issued_at: string | null;
  revoked_at: string | null;
  last_seen_at: string | null;
  version: string | null;
  applied_config_version: number | null;
  failed_config_version: number | null;
  failed_config_reason: string | null;
  created_at: string;
}

export interface AgentConfigTable {
  agent_id: string;
  version: number;
  /** JSON of the agent config. */
  config: string;
  author: string;
  created_at: string;
}

export interface UserTable {
  id: string;
  username: string;
  password_hash: string | null;
  role: string;
  created_at: string;
  disabled_at: string | null;
}

export interface UserWorkshopTable {
  user_id: string;
  workshop_id: string;
}

export interface SessionTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface EnrollmentCodeTable {
  code_hash: string;
  workshop_id: string;
  agent_id: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  /** Public id (migration 003), for listing and revoking without the code. */
  id: string | null;
  /** Id of the user who created the code; null for codes from before migration 003 or a collector.yaml token. */
  creator_user_id: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
}

export interface AuthFailureTable {
  /** Reservation id (migration 003); null on rows from before it. */
  id: string | null;
  scope: string;
  key: string;
  at: string;
}

/** KPI rollup rows (migration 006): element sums per period, dimension and origin. */
export interface KpiRowTable {
  workshop_id: string;
  /** `hour`, `shift`, `day`, `week` or `month`. */
  grain: string;
  /** KST label: `YYYY-MM-DDTHH`, `YYYY-MM-DD#n`, `YYYY-MM-DD`, `GGGG-Www`, `YYYY-MM`. */
  period: string;
  /** For shift rows, the day whose computation wrote this part of the shift; '' otherwise. */
  part: string;
  /** `device` (computed from readings) or `manual` (hand entries). */
  origin: string;
  /** `workshop`, `machine`, `product` or `worker`; the workshop row has dim_id ''. */
  dim: string;
  dim_id: string;
  /** UTC ms where the period starts (PostgreSQL returns bigint as text). */
  period_start_ms: number | string;
  /** JSON of Elements. */
  elements: string;
  /** Changes at every write of the row (readers that cache sums compare it). */
  rev: string;
}

/** One computed day (migration 006) and the carry it hands to the next. */
export interface KpiDayTable {
  workshop_id: string;
  day: string;
  /** JSON of the Carry. */
  carry: string;
  /** Readings the computation read. */
  readings: number;
  computed_at: string;
}

/** A day that late data touched and that waits to be computed again (migration 006). */
export interface KpiDirtyTable {
  workshop_id: string;
  day: string;
  marked_at: string;
}

/** A stop as the last computation of its day found it (migration 006). */
export interface KpiStopTable {
  workshop_id: string;
  day: string;
  machine_id: string;
  start_ms: number | string;
  end_ms: number | string;
  minor: number;
  reason: string | null;
  reason_source: string | null;
  classified_by: string | null;
}

/** A hand-kept daily figure (migration 005); deleted softly, so who entered and who deleted it stay known. */
export interface ManualEntryTable {
  id: string;
  workshop_id: string;
  /** KST date `YYYY-MM-DD`. */
  day: string;
  shift: number | null;
  machine_id: string | null;
  product_id: string | null;
  worker_id: string | null;
  pq: number;
  sq: number;
  rq: number;
  /** Hours worked, in seconds. */
  work_s: number | null;
  note: string | null;
  entered_by: string;
  entered_at: string;
  deleted_at: string | null;
  deleted_by: string | null;
}

/**
 * A reason given to a machine's stop time (migration 005). A newer overlapping one sets
 * `replaced_at` on this row instead of deleting it.
 */
export interface StopReasonTable {
  id: string;
  workshop_id: string;
  machine_id: string;
  /** UTC ms, bigint: PostgreSQL's driver returns it as a string, SQLite as a number. */
  start_ms: ColumnType<number | string, number, number>;
  end_ms: ColumnType<number | string, number, number>;
  reason: string;
  classified_by: string;
  classified_at: string;
  replaced_at: string | null;
}
