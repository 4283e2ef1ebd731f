import { IdSchema } from '@gongbang/shared';
import { z } from 'zod';

/** One simulated channel. `every`: emits on every n-th tick only. */
export const SimulatedChannelSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    id: IdSchema,
    kind: z.literal('measurement'),
    unit: z.string().min(1).max(16).default('1'),
    /** Value range; values are spread deterministically inside it. */
    min: z.number().finite().default(0),
    max: z.number().finite().default(100),
    every: z.number().int().min(1).default(1),
  }),
  z.strictObject({ id: IdSchema, kind: z.literal('count'), every: z.number().int().min(1).default(10) }),
  z.strictObject({
    id: IdSchema,
    kind: z.literal('scan'),
    /** Text before the tick number, e.g. `WO-`. */
    prefix: z.string().max(32).default('WO-'),
    every: z.number().int().min(1).default(50),
  }),
  z.strictObject({ id: IdSchema, kind: z.literal('machine_state'), every: z.number().int().min(1).default(100) }),
]);
export type SimulatedChannel = z.infer<typeof SimulatedChannelSchema>;

/**
 * A deterministic simulated device (`type: simulated`), for the demo and for tests that must
 * prove exactly-once delivery: tick k happens at `floor(k * 1000 / ratePerS)` UTC ms and its
 * readings depend only on `seed`, the channel and k.
 */
export const SimulatedConfigSchema = z.strictObject({
  id: IdSchema,
  type: z.literal('simulated'),
  enabled: z.boolean().default(true),
  /** Ticks per second (1–1,000). Default 1. */
  ratePerS: z.number().int().min(1).max(1_000).default(1),
  seed: z.number().int().default(1),
  /**
   * Behave like a device with its own memory: after a restart, replay the ticks since the last
   * one committed to the spool. Default true.
   */
  resume: z.boolean().default(true),
  /** Most ticks replayed after a restart; older ones are reported as an `input_overflow` gap. Default 100,000. */
  maxCatchUpTicks: z.number().int().min(0).default(100_000),
  channels: z
    .array(SimulatedChannelSchema)
    .min(1)
    .default([{ id: 'value', kind: 'measurement', unit: '1', min: 0, max: 100, every: 1 }]),
});
export type SimulatedConfig = z.infer<typeof SimulatedConfigSchema>;
