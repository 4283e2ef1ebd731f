import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { AgentConfig } from '../config/index.js';
import { AGENT_VERSION } from '../version.js';
import type { AgentStatus } from './model.js';

/** The `token` part of the status (see AgentStatus). */
export function tokenStatus(config: Readonly<AgentConfig>, now: number): AgentStatus['token'] {
  const c = config.collector;
  if (!c) return null;
  const kept = c.token ? 'config' : c.tokenFile ? 'file' : 'none';
  let fileAgeMs: number | null = null;
  if (kept === 'file') {
    try {
      fileAgeMs = Math.max(0, now - statSync(c.tokenFile!).mtimeMs);
    } catch {
      fileAgeMs = null;
    }
  }
  return { kept, fileAgeMs, rotateTokenDays: c.rotateTokenDays };
}

/** Status read straight from the spool file (read-only) when the agent is not running. */
export function offlineStatus(config: Readonly<AgentConfig>, now: number): AgentStatus {
  const file = config.spool.file ?? '';
  const status: AgentStatus = {
    agentId: config.agent.id,
    version: AGENT_VERSION,
    running: false,
    startedAt: null,
    uptimeS: 0,
    collectorUrl: config.collector?.url ?? null,
    inputs: [],
    spool: {
      file,
      synchronous: config.spool.synchronous,
      depth: 0,
      bytes: 0,
      oldestAgeMs: null,
      deadLetters: 0,
      dropped: {},
      problem: null,
    },
    deadLetters: [],
    forwarder: null,
    token: tokenStatus(config, now),
    memory: null,
    at: now,
  };
  if (!existsSync(file)) return status;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const agg = db.prepare('SELECT count(*) AS n, coalesce(sum(bytes), 0) AS b FROM readings').get() as {
      n: number;
      b: number;
    };
    const oldest = db.prepare('SELECT ts FROM readings ORDER BY seq LIMIT 1').pluck().get() as number | undefined;
    status.spool.depth = agg.n;
    status.spool.bytes = agg.b;
    status.spool.oldestAgeMs = oldest === undefined ? null : Math.max(0, now - oldest);
    status.spool.deadLetters = db.prepare('SELECT count(*) FROM dead_letters').pluck().get() as number;
    status.deadLetters = db
      .prepare('SELECT seq, code, message, at FROM dead_letters ORDER BY seq LIMIT 10')
      .all() as AgentStatus['deadLetters'];
    for (const m of db.prepare("SELECT key, value FROM meta WHERE key LIKE 'dropped:%'").all() as Array<{
      key: string;
      value: number;
    }>) {
      status.spool.dropped[m.key.slice(8)] = m.value;
    }
  } catch (err) {
    status.spool.problem = { code: 'spool_unreadable', message: (err as Error).message, at: now };
  } finally {
    db.close();
  }
  return status;
}
