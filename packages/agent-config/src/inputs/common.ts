import { IdSchema } from '@gongbang/shared';
import { z } from 'zod';

/** Fields every input has; `id` becomes the `source` of its readings. */
export const inputBase = {
  id: IdSchema,
  /** Disabled inputs are validated but not started. Default true. */
  enabled: z.boolean().default(true),
};

/** Reconnect/retry backoff: doubles from `minMs` to `maxMs`. */
export const BackoffSchema = z.strictObject({
  /** First retry delay, ms. Default 500. */
  minMs: z.number().int().min(50).max(600_000).default(500),
  /** Longest retry delay, ms. Default 5000. */
  maxMs: z.number().int().min(50).max(3_600_000).default(5_000),
});
export type BackoffConfig = z.infer<typeof BackoffSchema>;

/** Unit text as on the wire (UCUM-like: `A`, `W`, `Cel`, `Wh`, `1`). */
export const UnitSchema = z.string().min(1).max(16);

/** One numeric channel: where its value comes from, its unit, and a linear correction. */
export const ChannelSchema = z.strictObject({
  /** Channel id on the wire, e.g. `current_a`. */
  channel: IdSchema,
  /** Key of the value in the device's line: CSV column name, JSON dot path (`a.b[0]`), or key of key=value. Default: the channel id. */
  key: z.string().min(1).max(200).optional(),
  unit: UnitSchema,
  /** Multiplier applied first. Default 1. */
  scale: z.number().finite().default(1),
  /** Added after scaling. Default 0. */
  offset: z.number().finite().default(0),
});
export type ChannelConfig = z.infer<typeof ChannelSchema>;

/** Checks that a string compiles as a JavaScript regular expression. */
export const RegexSchema = z
  .string()
  .min(1)
  .max(1000)
  .refine(
    (s) => {
      try {
        new RegExp(s, 'u');
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a valid regular expression (JavaScript syntax, u flag)' },
  );
