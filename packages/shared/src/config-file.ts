import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { formatPath } from './errors.js';

/** One problem in a config file: where (file, path inside it, line) and what was expected. */
export interface ConfigProblem {
  file: string;
  path: string;
  line?: number;
  column?: number;
  message: string;
}

/** A config file that cannot be used; `problems` lists every issue at once, not only the first. */
export class ConfigError extends Error {
  readonly code = 'GB_CONFIG_INVALID';
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
  }
}

/** `file:line:col path: message`, the form editors and terminals link to. */
export function formatProblem(p: ConfigProblem): string {
  const where = p.line !== undefined ? `${p.file}:${p.line}:${p.column ?? 1}` : p.file;
  return `${where} ${p.path}: ${p.message}`;
}

/**
 * Parses YAML text against a zod schema; every YAML syntax error and every schema issue
 * comes back with the file name, the path inside the file and the line it is on.
 * `transform` sees the parsed object before validation (environment overrides).
 */
export function parseConfigText<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  transform: (raw: unknown) => unknown = (r) => r,
): z.infer<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { file, path: '(yaml)', line: pos.line, column: pos.col, message: e.message.split('\n')[0] ?? e.code };
      }),
    );
  }
  const result = schema.safeParse(transform(doc.toJS() ?? {}));
  if (result.success) return result.data;
  const problems: ConfigProblem[] = [];
  for (const issue of result.error.issues) {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
    for (const p of keys) {
      const segs = p.map((s) => (typeof s === 'symbol' ? String(s) : s));
      // Point at the closest node that exists in the file (a missing key points at its parent).
      let pos: { line: number; col: number } | undefined;
      for (let n = segs.length; n >= 0 && !pos; n--) {
        const at = doc.getIn(segs.slice(0, n), true);
        if (isNode(at) && at.range) pos = lineCounter.linePos(at.range[0]);
      }
      const message = issue.code === 'unrecognized_keys' ? `unknown key "${String(p[p.length - 1])}"` : issue.message;
      problems.push({ file, path: formatPath(p), line: pos?.line, column: pos?.col, message });
    }
  }
  throw new ConfigError(problems);
}

/** Freezes a parsed config all the way down: parsed once, then passed around read-only. */
export function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
