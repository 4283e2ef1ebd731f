import type { z } from 'zod';

/** One validation problem: a dotted path like `readings[3].value` and what was expected there. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** Renders a zod issue path as `readings[3].value`; the root is `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out;
}

/** Every issue of a failed parse, each with its path, in input order. */
export function validationIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.flatMap((i) => {
    // An unknown key is reported at its parent; name the key itself so the user can find it.
    if (i.code === 'unrecognized_keys') {
      return i.keys.map((k) => ({ path: formatPath([...i.path, k]), message: `unknown field "${k}"` }));
    }
    return [{ path: formatPath(i.path), message: i.message }];
  });
}

/** One line per issue: `readings[3].value: Invalid input: expected number, received string`. */
export function describeValidationError(error: z.ZodError): string {
  return validationIssues(error)
    .map((i) => `${i.path}: ${i.message}`)
    .join('\n');
}
