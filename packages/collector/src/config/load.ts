import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, deepFreeze, parseConfigText } from '@gongbang/shared';
import { type CollectorConfig, CollectorConfigSchema } from './schema.js';

export { ConfigError, type ConfigProblem, deepFreeze, formatProblem, parseConfigText } from '@gongbang/shared';

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
 * GONGBANG_COLLECTOR_TRUST_PROXY (comma-separated proxy addresses/CIDRs, or `false`),
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
  const trust = env.GONGBANG_COLLECTOR_TRUST_PROXY?.trim();
  // The schema splits the comma list and refuses `true` with its reason; the rest pass as typed.
  if (trust)
    section(out, 'server').trustProxy =
      trust === 'false' ? false : trust === 'true' ? true : /^\d+$/.test(trust) ? Number(trust) : trust;
  if (env.GONGBANG_LOG_LEVEL) section(out, 'log').level = env.GONGBANG_LOG_LEVEL;
  if (env.GONGBANG_REGISTRY_URL) section(out, 'registry').url = env.GONGBANG_REGISTRY_URL;
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
  return parseConfigText(text, file, CollectorConfigSchema, transform);
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
