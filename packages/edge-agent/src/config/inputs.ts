import { IdSchema } from '@gongbang/shared';
import { z } from 'zod';

/**
 * One configured input (a device or device group). Each input type adds its own fields;
 * `id` becomes the `source` of every reading it produces.
 */
export const InputConfigSchema = z.looseObject({
  id: IdSchema,
  type: z.string().min(1),
  /** Disabled inputs are validated but not started. Default true. */
  enabled: z.boolean().default(true),
});
export type InputConfig = z.infer<typeof InputConfigSchema>;
