import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type AgentConfig, AgentConfigSchema } from '@gongbang/agent-config';
import { ConfigError, deepFreeze, parseConfigText } from '@gongbang/shared';
import { CollectorUrlError, normalizeCollectorUrl } from './collector-url.js';

export { ConfigError, type ConfigProblem, deepFreeze, formatProblem, parseConfigText } from '@gongbang/shared';

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

/** Reads and validates an agent.yaml; relative paths in it are resolved against the file's folder. */
export function loadAgentConfig(file: string, env: NodeJS.ProcessEnv = process.env): Readonly<AgentConfig> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([{ file, path: '(file)', message: `cannot read: ${(err as Error).message}` }]);
  }
  let rawUrl: unknown;
  let config: AgentConfig;
  try {
    config = parseConfigText(text, file, AgentConfigSchema, (raw) => {
      const out = applyEnvOverrides(raw, env);
      rawUrl = (out as { collector?: { url?: unknown } } | null)?.collector?.url;
      return out;
    });
  } catch (err) {
    throw explainCollectorUrl(err, rawUrl);
  }
  const base = path.dirname(path.resolve(file));
  config.agent.dataDir = path.resolve(base, config.agent.dataDir);
  config.spool.file = path.resolve(config.agent.dataDir, config.spool.file ?? 'spool.db');
  if (config.collector?.tokenFile) config.collector.tokenFile = path.resolve(base, config.collector.tokenFile);
  if (config.collector) config.collector.url = checkedCollectorUrl(config.collector.url, file, env);
  return deepFreeze(config);
}

/** The schema says only "Invalid URL" for `collector.url`; the normaliser says what to change. */
function explainCollectorUrl(err: unknown, rawUrl: unknown): unknown {
  if (!(err instanceof ConfigError) || typeof rawUrl !== 'string') return err;
  let reason: string | undefined;
  try {
    normalizeCollectorUrl(rawUrl);
  } catch (e) {
    if (e instanceof CollectorUrlError) reason = e.message;
  }
  if (!reason) return err;
  return new ConfigError(err.problems.map((p) => (p.path === 'collector.url' ? { ...p, message: reason } : p)));
}

/** `collector.url` normalised (see normalizeCollectorUrl), or a ConfigError naming where it came from. */
function checkedCollectorUrl(url: string, file: string, env: NodeJS.ProcessEnv): string {
  try {
    return normalizeCollectorUrl(url);
  } catch (err) {
    if (!(err instanceof CollectorUrlError)) throw err;
    const fromEnv = env.GONGBANG_COLLECTOR_URL ? ' (from GONGBANG_COLLECTOR_URL)' : '';
    throw new ConfigError([{ file, path: 'collector.url', message: `${err.message}${fromEnv}` }]);
  }
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

/**
 * The collector token as a function that follows the token file: it reads the file again
 * only when its modification time changed (a rotation replaced it).
 */
export function collectorTokenSource(config: Readonly<AgentConfig>): () => string | undefined {
  const file = config.collector?.token ? undefined : config.collector?.tokenFile;
  if (!file) {
    const fixed = resolveCollectorToken(config);
    return () => fixed;
  }
  let seen = -1;
  let token: string | undefined;
  return () => {
    let mtime: number;
    try {
      mtime = statSync(file).mtimeMs;
    } catch {
      return token; // a file briefly missing (being replaced) keeps the last token
    }
    if (mtime !== seen) {
      try {
        token = resolveCollectorToken(config);
        seen = mtime;
      } catch {
        // unreadable for a moment: keep the last token and read again next time
      }
    }
    return token;
  };
}

/** The locale variables, in priority order, for picking Korean or English output. */
export function localeVars(env: NodeJS.ProcessEnv = process.env): Array<string | undefined> {
  return [env.LC_ALL, env.LC_MESSAGES, env.LANG];
}
