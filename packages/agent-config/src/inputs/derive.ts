import { IdSchema } from '@gongbang/shared';
import { z } from 'zod';

/**
 * Machine state from a power or current channel. Below `offBelow` → off, at or above
 * `runningAbove` → running, between → idle. Missing data is `unknown`, never `off`.
 */
export const MachineStateDeriveSchema = z
  .strictObject({
    kind: z.literal('machine-state'),
    /** Measurement channel to watch, e.g. `power_w`. */
    channel: IdSchema,
    /** Machine id on the readings. Default: the reading's source. */
    machine: IdSchema.optional(),
    /** Below this value (channel's unit) the machine is off. */
    offBelow: z.number().finite(),
    /** At or above this value (channel's unit) the machine is running. */
    runningAbove: z.number().finite(),
    /** A state is left only when the value passes its threshold by this much (channel's unit). Default 0. */
    hysteresis: z.number().finite().min(0).default(0),
    /** A new state must hold this long before it is reported, ms. Default 0. */
    minDwellMs: z.number().int().min(0).max(86_400_000).default(0),
    /** No sample for this long → `unknown` (`no_data`), ms. Default 60000. */
    staleAfterMs: z.number().int().min(100).max(86_400_000).default(60_000),
  })
  .refine((d) => d.offBelow <= d.runningAbove, {
    message: 'offBelow must not exceed runningAbove',
    path: ['offBelow'],
  });

/** Piece counts from a device counter channel, surviving rollover and reset. */
export const CountDeriveSchema = z.strictObject({
  kind: z.literal('count'),
  /** Measurement channel carrying the raw device counter. */
  channel: IdSchema,
  /** Channel of the count readings. Default `pieces`. */
  countChannel: IdSchema.default('pieces'),
  /** Counter modulus: 65536 for a 16-bit register, 4294967296 for 32-bit. Absent: any drop is a reset. */
  rolloverAt: z.number().int().min(2).max(Number.MAX_SAFE_INTEGER).optional(),
  /** Also emit the time per piece from count increments, as a measurement in seconds on this channel. */
  cycleTimeChannel: IdSchema.optional(),
  /** Longer gaps than this between increments are breaks, not cycles, s. Default 3600. */
  maxCycleS: z.number().min(0.001).max(1e7).default(3600),
});

export const DeriveSchema = z.discriminatedUnion('kind', [MachineStateDeriveSchema, CountDeriveSchema]);
export type DeriveConfig = z.infer<typeof DeriveSchema>;
export type MachineStateDeriveConfig = z.infer<typeof MachineStateDeriveSchema>;
export type CountDeriveConfig = z.infer<typeof CountDeriveSchema>;

/** `derive:` block on an input that produces measurements. */
export const DeriveListSchema = z.array(DeriveSchema).max(64).default([]);

/** Adds an issue for each derive entry whose channel the input never produces. */
export function checkDeriveChannels(
  derive: readonly DeriveConfig[],
  channels: readonly string[],
  ctx: z.RefinementCtx,
  path: (string | number)[],
): void {
  derive.forEach((d, i) => {
    if (!channels.includes(d.channel)) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, i, 'channel'],
        message: `channel "${d.channel}" is not produced here (known: ${channels.join(', ') || 'none'})`,
      });
    }
  });
}
