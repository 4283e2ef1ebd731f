import { validationIssues } from '@gongbang/shared';
import type { z } from 'zod';
import { HttpError } from './errors.js';

/** Parses with a zod schema; every problem comes back at once as an `invalid` error with paths. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = validationIssues(r.error);
  throw new HttpError('invalid', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
}
