import { z } from 'zod';

/** Version of the agent ↔ collector wire contract. Bumped only for breaking changes. */
export const WIRE_VERSION = 1 as const;

/** Earliest capture time accepted anywhere: 2000-01-01T00:00:00Z, in ms. Earlier means a device without a clock. */
export const MIN_TIMESTAMP_MS = 946_684_800_000;
/** Latest capture time representable on the wire: 2100-01-01T00:00:00Z, in ms. */
export const MAX_TIMESTAMP_MS = 4_102_444_800_000;

/** UTC milliseconds since the Unix epoch, within 2000–2100. */
export const TimestampMsSchema = z
  .number()
  .int()
  .min(MIN_TIMESTAMP_MS, { message: 'timestamp before 2000-01-01 (UTC ms expected)' })
  .max(MAX_TIMESTAMP_MS, { message: 'timestamp after 2100-01-01 (UTC ms expected)' });

/** Per-agent sequence number: starts at 1, strictly increasing, survives restarts. */
export const SeqSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/**
 * Identifier for agents, sources (configured inputs) and channels: ASCII letters, digits,
 * `_ . : -`, starting with a letter or digit. Low-cardinality tags in InfluxDB are built from these.
 */
export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, {
    message: 'expected letters, digits and _ . : - (starting with a letter or digit)',
  });

/** Finite number (no NaN/Infinity, which JSON cannot carry anyway) within ±1e15. */
export const FiniteNumberSchema = z.number().finite().min(-1e15).max(1e15);

/** Non-negative integer that stays exact in a double. */
export const CountIntSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Whether a capture time came from the device's own clock or was stamped by the agent on arrival. */
export const TimeSourceSchema = z.enum(['device', 'agent']);
export type TimeSource = z.infer<typeof TimeSourceSchema>;
