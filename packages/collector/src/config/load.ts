import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatPath } from '@gongbang/shared';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { type CollectorConfig, CollectorConfigSchema } from './schema.js';

/** One problem in a config file: where (file, path inside it, line) and what was expected. */
export interface ConfigProblem {
  file: string;
  path: string;
  line?: number;
  column?: number;
  message: string;
}

/** A config that cannot be used; `problems` lists every issue at once. */
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

/** Values from the command line; they win over the environment and the file. */
export interface ConfigOverrides {
  dataDir?: string;
  host?: string;
  port?: number;
}

type Obj = Record<string, unknown>;
const section = (o: Obj, key: string): Obj => {
  const s = o[key];
  const copy = s && typeof s === 'object' && !Array.isArray(s) ? { ...(s as Obj) } : {};
  o[key] = copy;
  return copy;
};

/**
 * Environment variables that override the file (only config/ reads process.env):
 * GONGBANG_COLLECTOR_HOST, GONGBANG_COLLECTOR_PORT, GONGBANG_COLLECTOR_DATA_DIR,
 * GONGBANG_INFLUX_TOKEN, GONGBANG_INFLUX_PASSWORD, GONGBANG_LOG_LEVEL, GONGBANG_REGISTRY_URL.
 */
export function applyOverrides(raw: unknown, env: NodeJS.ProcessEnv, cli: ConfigOverrides = {}): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const out = { ...(raw as Obj) };
  const dataDir = cli.dataDir ?? (env.GONGBANG_COLLECTOR_DATA_DIR || undefined);
  if (dataDir !== undefined) out.dataDir = dataDir;
  const host = cli.host ?? (env.GONGBANG_COLLECTOR_HOST || undefined);
  if (host !== undefined) section(out, 'server').host = host;
  const port = cli.port ?? (env.GONGBANG_COLLECTOR_PORT ? Number(env.GONGBANG_COLLECTOR_PORT) : undefined);
  if (port !== undefined) section(out, 'server').port = port;
  if (env.GONGBANG_LOG_LEVEL) section(out, 'log').level = env.GONGBANG_LOG_LEVEL;
  if (env.GONGBANG_REGISTRY_URL) section(out, 'registry').url = env.GONGBANG_REGISTRY_URL; // registry (issue 6)
  const store = out.store as Obj | undefined;
  if (store && typeof store === 'object' && store.type === 'influxdb') {
    const s = section(out, 'store');
    if (env.GONGBANG_INFLUX_TOKEN) s.token = env.GONGBANG_INFLUX_TOKEN;
    if (env.GONGBANG_INFLUX_PASSWORD) s.password = env.GONGBANG_INFLUX_PASSWORD;
  }
  return out;
}

/** Parses collector.yaml text; every YAML and schema problem names the file, the path and the line. */
export function parseCollectorConfigText(
  text: string,
  file: string,
  transform: (raw: unknown) => unknown = (r) => r,
): CollectorConfig {
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
  const result = CollectorConfigSchema.safeParse(transform(doc.toJS() ?? {}));
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

/**
 * Reads and validates collector.yaml (or, with `file` undefined, the defaults: embedded store
 * in ./data on 127.0.0.1:8080). `dataDir` is resolved against the file's folder (or the cwd).
 */
export function loadCollectorConfig(
  file: string | undefined,
  opts: { env?: NodeJS.ProcessEnv; overrides?: ConfigOverrides; cwd?: string } = {},
): Readonly<CollectorConfig> {
  const env = opts.env ?? process.env;
  let text = '{}';
  if (file !== undefined) {
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError([{ file, path: '(file)', message: `cannot read: ${(err as Error).message}` }]);
    }
  }
  const name = file ?? '(defaults)';
  const config = parseCollectorConfigText(text, name, (raw) => applyOverrides(raw, env, opts.overrides));
  const base = file !== undefined ? path.dirname(path.resolve(file)) : (opts.cwd ?? process.cwd());
  // A --data-dir from the command line is relative to where the command runs, not to the file.
  const dataBase = opts.overrides?.dataDir !== undefined ? (opts.cwd ?? process.cwd()) : base;
  config.dataDir = path.resolve(dataBase, config.dataDir);
  return deepFreeze(config);
}

/** Validates a config object (tests, embedding); throws ConfigError like the file loader. */
export function parseCollectorConfig(raw: unknown): Readonly<CollectorConfig> {
  const config = parseCollectorConfigText(JSON.stringify(raw ?? {}), '(object)');
  return deepFreeze(config);
}

export function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
