import { IdSchema, ScanMeaningSchema } from '@gongbang/shared';
import { z } from 'zod';
import { RegexSchema } from './common.js';

const namedGroups = (re: string): string[] => [...re.matchAll(/\(\?<([^>=!]+)>/g)].map((m) => m[1]!);

/**
 * One scan rule. Every condition given must hold; the first matching rule in the list wins.
 * Named regex groups become the scan's `fields`.
 */
export const ScanRuleSchema = z
  .strictObject({
    /** Rule id, reported as the scan's `rule`. */
    id: IdSchema,
    meaning: ScanMeaningSchema,
    /** Text must start with this. */
    prefix: z.string().min(1).max(100).optional(),
    /** Text must match (JavaScript syntax; named groups `(?<order>…)` become fields). */
    regex: RegexSchema.optional(),
    /** AIM identifiers (`]C1`) or symbology names (`gs1-128`, `qr`) the scan must carry. */
    symbology: z.array(z.string().min(2).max(40)).min(1).optional(),
    /** True: only GS1 scans (with parsed AIs); false: only non-GS1 scans. */
    gs1: z.boolean().optional(),
  })
  .superRefine((r, ctx) => {
    if (r.regex) {
      for (const g of namedGroups(r.regex)) {
        if (!IdSchema.safeParse(g).success)
          ctx.addIssue({ code: 'custom', path: ['regex'], message: `group name "${g}" is not a valid field id` });
      }
    }
  });
export type ScanRule = z.infer<typeof ScanRuleSchema>;

/**
 * Cycle times from start/finish scans of the same work order: the time between a scan matched
 * by a start rule and one matched by a finish rule that carry the same `key` field.
 */
export const ScanCycleTimeSchema = z.strictObject({
  /** Rule ids whose scans start a cycle. */
  startRules: z.array(IdSchema).min(1),
  /** Rule ids whose scans finish it. */
  finishRules: z.array(IdSchema).min(1),
  /** Field (named regex group) identifying the work order, e.g. `order`. */
  key: IdSchema,
  /** Channel of the cycle time measurement (unit s). Default `cycle_time_s`. */
  channel: IdSchema.default('cycle_time_s'),
  /** Open cycles older than this are forgotten, s. Default 7 days. */
  maxOpenS: z.number().min(1).max(1e8).default(604_800),
});
export type ScanCycleTimeConfig = z.infer<typeof ScanCycleTimeSchema>;
