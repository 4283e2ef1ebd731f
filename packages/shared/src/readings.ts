import { z } from 'zod';
import {
  CountIntSchema,
  FiniteNumberSchema,
  IdSchema,
  SeqSchema,
  TimeSourceSchema,
  TimestampMsSchema,
} from './primitives.js';

/** Fields every reading carries, whatever its kind. */
const readingBase = {
  /** Per-agent sequence number; (agentId, seq) identifies a reading for idempotent storage. */
  seq: SeqSchema,
  /** Capture time, UTC ms. */
  ts: TimestampMsSchema,
  /** Where `ts` came from: the device's clock or the agent's on arrival. */
  timeSource: TimeSourceSchema,
  /** The configured input id that produced the reading (e.g. `scanner-1`, `meter-press`). */
  source: IdSchema,
};

/**
 * What a scan means in the workshop, assigned by the agent's ordered scan rules. The KPI engine
 * reads `badge` (worker at the scanner), `work_order` (an order starts or ends), `piece` (one
 * unit produced), `scrap` / `rework` (a unit's disposition, e.g. a defect-code card) and
 * `stop_reason` (why the machine at the scanner stopped).
 */
export const ScanMeaningSchema = z.enum([
  'badge',
  'work_order',
  'operation',
  'defect',
  'product',
  'piece',
  'scrap',
  'rework',
  'stop_reason',
  'unknown',
]);
export type ScanMeaning = z.infer<typeof ScanMeaningSchema>;

/** How the scan's bytes were turned into text. `undecodable`: neither strict UTF-8 nor CP949. */
export const ScanEncodingSchema = z.enum(['ascii', 'utf-8', 'cp949', 'undecodable']);
export type ScanEncoding = z.infer<typeof ScanEncodingSchema>;

/** Problems found while decoding a scan; the scan is still delivered with them. */
export const ScanFlagSchema = z.enum([
  'bad_check_digit',
  'gs1_invalid',
  'undecodable',
  'truncated',
  'binary_noise',
  'unknown_symbology',
]);
export type ScanFlag = z.infer<typeof ScanFlagSchema>;

/** One GS1 Application Identifier and its value, e.g. `{ ai: '01', value: '08801234567893' }`. */
export const Gs1ElementSchema = z.strictObject({
  ai: z.string().regex(/^\d{2,4}$/, { message: 'GS1 AI must be 2–4 digits' }),
  value: z.string().max(90),
  /** False when a check digit (GTIN, SSCC, GLN) does not verify. Absent: no check applies. */
  valid: z.boolean().optional(),
});
export type Gs1Element = z.infer<typeof Gs1ElementSchema>;

/** AIM symbology identifier (ISO/IEC 15424), e.g. `]C1`, and the name the agent gives it. */
export const SymbologySchema = z.strictObject({
  aim: z.string().regex(/^\][A-Za-z][0-9A-Za-z]$/, { message: 'AIM identifier like ]C1 expected' }),
  name: z.string().max(40),
});

export const ScanReadingSchema = z.strictObject({
  ...readingBase,
  kind: z.literal('scan'),
  /** Decoded text without AIM prefix and configured prefix/suffix; null when undecodable. */
  text: z.string().max(8192).nullable(),
  /** The frame's bytes as received, base64. */
  raw: z.base64().max(16384),
  encoding: ScanEncodingSchema,
  symbology: SymbologySchema.nullable(),
  /** Parsed GS1 element string, or null when the scan is not GS1. */
  gs1: z.array(Gs1ElementSchema).max(32).nullable(),
  meaning: ScanMeaningSchema,
  /** Id of the scan rule that assigned the meaning; null when none matched. */
  rule: IdSchema.nullable(),
  /** Named fields from the rule's regex groups, e.g. `{ order: 'WO-1234' }`. */
  fields: z.record(IdSchema, z.string().max(1024)),
  flags: z.array(ScanFlagSchema).max(8),
});
export type ScanReading = z.infer<typeof ScanReadingSchema>;

export const MeasurementReadingSchema = z.strictObject({
  ...readingBase,
  kind: z.literal('measurement'),
  /** Channel within the source, e.g. `current_a`, `temperature`. */
  channel: IdSchema,
  value: FiniteNumberSchema,
  /** Unit as UCUM-like text, e.g. `A`, `W`, `Cel`, `Wh`, `s`, `1` for dimensionless. */
  unit: z.string().min(1).max(16),
});
export type MeasurementReading = z.infer<typeof MeasurementReadingSchema>;

export const MachineStateSchema = z.enum(['running', 'idle', 'off', 'setup', 'fault', 'unknown']);
export type MachineState = z.infer<typeof MachineStateSchema>;

export const MachineStateReadingSchema = z.strictObject({
  ...readingBase,
  kind: z.literal('machine_state'),
  /** Machine id the state belongs to (often the same as the source). */
  machine: IdSchema,
  state: MachineStateSchema,
  /** Why: e.g. `threshold`, `no_data`, `offline`, `operator`. `unknown` is never reported as `off`. */
  reason: z.string().min(1).max(64),
  /** Channel the state was derived from, when derived. */
  channel: IdSchema.optional(),
});
export type MachineStateReading = z.infer<typeof MachineStateReadingSchema>;

export const CountReadingSchema = z.strictObject({
  ...readingBase,
  kind: z.literal('count'),
  channel: IdSchema,
  /** Pieces since the previous count reading of this channel. */
  delta: CountIntSchema,
  /** Running total as the agent tracks it (survives device counter rollover and reset). */
  total: CountIntSchema,
  /** Set when the device counter wrapped or was reset before this reading. */
  counterEvent: z.enum(['rollover', 'reset']).optional(),
});
export type CountReading = z.infer<typeof CountReadingSchema>;

export const GapReasonSchema = z.enum([
  'spool_full',
  'spool_expired',
  'spool_corrupt',
  'disk_full',
  'input_overflow',
  'other',
]);

/** Readings the agent had to drop: never silent. */
export const GapReadingSchema = z.strictObject({
  ...readingBase,
  kind: z.literal('gap'),
  dropped: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  reason: GapReasonSchema,
  /** Sequence range of the dropped readings, when known. */
  fromSeq: SeqSchema.optional(),
  toSeq: SeqSchema.optional(),
  /** Capture-time range of the dropped readings, when known. */
  fromTs: TimestampMsSchema.optional(),
  toTs: TimestampMsSchema.optional(),
  detail: z.string().max(512).optional(),
});
export type GapReading = z.infer<typeof GapReadingSchema>;

export const InputHealthSchema = z.strictObject({
  id: IdSchema,
  connected: z.boolean(),
  lastDataTs: TimestampMsSchema.nullable(),
  /** Error counts by kind since the agent started, e.g. `{ frame_too_long: 2 }`. */
  errors: z.record(IdSchema, CountIntSchema),
  /**
   * Why the input is not connected, when known: `port_absent`, `permission_denied`,
   * `port_locked`, `not_a_serial_port`, `open_failed` (serial). Absent while connected.
   */
  reason: IdSchema.optional(),
});
export type InputHealth = z.infer<typeof InputHealthSchema>;

export const HealthReadingSchema = z.strictObject({
  ...readingBase,
  kind: z.literal('health'),
  agentVersion: z.string().min(1).max(32),
  uptimeS: z.number().min(0).max(1e10),
  spoolDepth: CountIntSchema,
  /** Age of the oldest unacknowledged reading, ms; null when the spool is empty. */
  spoolOldestAgeMs: z.number().int().min(0).nullable(),
  deadLetters: CountIntSchema,
  /** Estimated agent clock minus collector clock, ms; null until estimated. */
  clockOffsetMs: z.number().int().nullable(),
  inputs: z.array(InputHealthSchema).max(256),
});
export type HealthReading = z.infer<typeof HealthReadingSchema>;

export const ReadingSchema = z.discriminatedUnion('kind', [
  ScanReadingSchema,
  MeasurementReadingSchema,
  MachineStateReadingSchema,
  CountReadingSchema,
  GapReadingSchema,
  HealthReadingSchema,
]);
export type Reading = z.infer<typeof ReadingSchema>;
export type ReadingKind = Reading['kind'];
export const READING_KINDS = [
  'scan',
  'measurement',
  'machine_state',
  'count',
  'gap',
  'health',
] as const satisfies readonly ReadingKind[];
