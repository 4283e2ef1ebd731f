import type { ConfigProblem } from '@gongbang/shared';
import { type InputConfig, InputListSchema } from '../inputs.js';

/**
 * Checks that need the whole `inputs:` list ({@link InputListSchema}): input ids and explicit
 * source ids are unique. For configs loaded by a schema that does not apply it yet.
 */
export function crossCheckInputs(inputs: readonly InputConfig[], file: string): ConfigProblem[] {
  const r = InputListSchema.safeParse(inputs);
  if (r.success) return [];
  return r.error.issues.map((i) => ({
    file,
    path: `inputs${i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`,
    message: i.message,
  }));
}
