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
  agents: AgentTable;
  agent_configs: AgentConfigTable;
  users: UserTable;
  user_workshops: UserWorkshopTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  enrollment_codes: EnrollmentCodeTable;
  auth_failures: AuthFailureTable;
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
