import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatPath } from '@gongbang/shared';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type AgentConfig, AgentConfigSchema } from './schema.js';

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

export function formatProblem(p: ConfigProblem): string {
  const where = p.line !== undefined ? `${p.file}:${p.line}:${p.column ?? 1}` : p.file;
  return `${where} ${p.path}: ${p.message}`;
}

/**
 * Environment variables that override the file (only config/ reads process.env):
 * GONGBANG_AGENT_ID, GONGBANG_DATA_DIR, GONGBANG_COLLECTOR_URL, GONGBANG_AGENT_TOKEN,
 * GONGBANG_LOG_LEVEL.
 */
export function applyEnvOverrides(raw: unknown, env: NodeJS.ProcessEnv): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const out = structuredClone(raw) as Record<string, Record<string, unknown> | undefined>;
  const set = (section: string, key: string, value: string | undefined) => {
    if (value === undefined || value === '') return;
    const s = out[section];
    out[section] = { ...(s && typeof s === 'object' ? s : {}), [key]: value };
  };
  set('agent', 'id', env.GONGBANG_AGENT_ID);
  set('agent', 'dataDir', env.GONGBANG_DATA_DIR);
  set('collector', 'url', env.GONGBANG_COLLECTOR_URL);
  set('collector', 'token', env.GONGBANG_AGENT_TOKEN);
  set('log', 'level', env.GONGBANG_LOG_LEVEL);
  return out;
}

/**
 * Parses YAML text against a zod schema; every YAML syntax error and every schema issue
 * comes back with the file name, the path inside the file and the line it is on.
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
  const raw = transform(doc.toJS() ?? {});
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problems: ConfigProblem[] = [];
  for (const issue of result.error.issues) {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
    for (const p of keys) {
      const segs = p.map((s) => (typeof s === 'symbol' ? String(s) : s));
      const node = doc.getIn(segs, true);
      // Point at the closest node that exists in the file (a missing key points at its parent).
      let pos: { line: number; col: number } | undefined;
      for (let n = segs.length; n >= 0 && !pos; n--) {
        const at = n === segs.length ? node : doc.getIn(segs.slice(0, n), true);
        if (isNode(at) && at.range) pos = lineCounter.linePos(at.range[0]);
      }
      const message = issue.code === 'unrecognized_keys' ? `unknown key "${String(p[p.length - 1])}"` : issue.message;
      problems.push({ file, path: formatPath(p), line: pos?.line, column: pos?.col, message });
    }
  }
  throw new ConfigError(problems);
}

/** Reads and validates an agent.yaml; relative paths in it are resolved against the file's folder. */
export function loadAgentConfig(file: string, env: NodeJS.ProcessEnv = process.env): Readonly<AgentConfig> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([{ file, path: '(file)', message: `cannot read: ${(err as Error).message}` }]);
  }
  const config = parseConfigText(text, file, AgentConfigSchema, (raw) => applyEnvOverrides(raw, env));
  const base = path.dirname(path.resolve(file));
  config.agent.dataDir = path.resolve(base, config.agent.dataDir);
  config.spool.file = path.resolve(config.agent.dataDir, config.spool.file ?? 'spool.db');
  if (config.collector?.tokenFile) config.collector.tokenFile = path.resolve(base, config.collector.tokenFile);
  return deepFreeze(config);
}

/**
 * The collector bearer token: `collector.token` (which GONGBANG_AGENT_TOKEN overrides), else the
 * first line of `collector.tokenFile`; undefined when neither is set.
 */
export function resolveCollectorToken(config: Readonly<AgentConfig>): string | undefined {
  const c = config.collector;
  if (!c) return undefined;
  if (c.token) return c.token;
  if (!c.tokenFile) return undefined;
  try {
    return readFileSync(c.tokenFile, 'utf8').split(/\r?\n/)[0]?.trim() || undefined;
  } catch (err) {
    throw new ConfigError([
      { file: c.tokenFile, path: 'collector.tokenFile', message: `cannot read the token: ${(err as Error).message}` },
    ]);
  }
}

export function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** The locale variables, in priority order, for picking Korean or English output. */
export function localeVars(env: NodeJS.ProcessEnv = process.env): Array<string | undefined> {
  return [env.LC_ALL, env.LC_MESSAGES, env.LANG];
}
