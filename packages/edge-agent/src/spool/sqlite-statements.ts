import type Database from 'better-sqlite3';
import type { Db } from './sqlite-file.js';

type StatementName =
  | 'insert'
  | 'setCursor'
  | 'setMeta'
  | 'bumpMeta'
  | 'getMeta'
  | 'droppedMeta'
  | 'stateMeta'
  | 'maxSeq'
  | 'maxDeadSeq'
  | 'aggregate'
  | 'deadCount'
  | 'cursors'
  | 'oldest'
  | 'newest'
  | 'oldestAll'
  | 'newestAll'
  | 'oldestTs'
  | 'walkBytes'
  | 'deleteRange'
  | 'toDead'
  | 'deadList';

/** The spool's prepared statements, prepared once per open file. */
export function prepareStatements(db: Db): Record<StatementName, Database.Statement> {
  const p = (sql: string) => db.prepare(sql);
  const pluck = (sql: string) => db.prepare(sql).pluck();
  return {
    insert: p('INSERT INTO readings (seq, ts, at, bytes, gap, json) VALUES (?, ?, ?, ?, ?, ?)'),
    setCursor: p(
      'INSERT INTO cursors (source, ts) VALUES (?, ?) ON CONFLICT(source) DO UPDATE SET ts = max(ts, excluded.ts)',
    ),
    setMeta: p('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
    bumpMeta: p(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = value + excluded.value',
    ),
    getMeta: p('SELECT value FROM meta WHERE key = ?'),
    droppedMeta: p("SELECT key, value FROM meta WHERE key LIKE 'dropped:%'"),
    stateMeta: p("SELECT key, value FROM meta WHERE key LIKE 'state:%'"),
    maxSeq: pluck('SELECT coalesce(max(seq), 0) FROM readings'),
    maxDeadSeq: pluck('SELECT coalesce(max(seq), 0) FROM dead_letters'),
    aggregate: p('SELECT count(*) AS n, sum(bytes) AS b FROM readings'),
    deadCount: pluck('SELECT count(*) FROM dead_letters'),
    cursors: p('SELECT source, ts FROM cursors'),
    oldest: p('SELECT seq, ts, json FROM readings ORDER BY seq LIMIT ?'),
    newest: p('SELECT seq, ts, json FROM readings WHERE seq > ? ORDER BY seq DESC LIMIT ?'),
    // Walked lazily while acknowledged readings wait to be deleted (full disk).
    oldestAll: p('SELECT seq, ts, json FROM readings ORDER BY seq'),
    newestAll: p('SELECT seq, ts, json FROM readings WHERE seq > ? ORDER BY seq DESC'),
    oldestTs: pluck('SELECT ts FROM readings ORDER BY seq LIMIT 1'),
    walkBytes: p('SELECT seq, bytes FROM readings WHERE gap = 0 ORDER BY seq'),
    deleteRange: p('DELETE FROM readings WHERE seq BETWEEN ? AND ? RETURNING bytes'),
    toDead: p(
      'INSERT OR IGNORE INTO dead_letters (seq, ts, json, code, message, at) SELECT seq, ts, json, ?, ?, ? FROM readings WHERE seq = ?',
    ),
    deadList: p('SELECT seq, ts, json, code, message, at FROM dead_letters ORDER BY seq LIMIT ?'),
  };
}
export type SqliteStatements = Record<StatementName, Database.Statement>;
