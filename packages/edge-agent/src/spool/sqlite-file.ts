import { existsSync, renameSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { SpoolSynchronous } from './options.js';

export type Db = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS readings (
  seq   INTEGER PRIMARY KEY,
  ts    INTEGER NOT NULL,
  at    INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  -- 1 for gap readings: the caps never drop a report of dropped readings.
  gap   INTEGER NOT NULL DEFAULT 0,
  json  TEXT    NOT NULL
);
CREATE TABLE IF NOT EXISTS dead_letters (
  seq     INTEGER PRIMARY KEY,
  ts      INTEGER NOT NULL,
  json    TEXT    NOT NULL,
  code    TEXT    NOT NULL,
  message TEXT    NOT NULL,
  at      INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS cursors (source TEXT PRIMARY KEY, ts INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

/**
 * Opens (or creates) the spool file in WAL mode and checks it. Throws the SQLite error when
 * the file is not a usable database (garbage, truncated); the caller moves it aside.
 */
export function openSpoolFile(file: string, synchronous: SpoolSynchronous, cacheKiB: number): Db {
  const db = new Database(file);
  try {
    // auto_vacuum must be chosen before the first table exists; INCREMENTAL lets compaction hand pages back.
    db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('journal_mode = WAL');
    // Never OFF (DESIGN.md): FULL syncs the WAL on every commit; NORMAL only at checkpoints.
    db.pragma(`synchronous = ${synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
    db.pragma('busy_timeout = 5000');
    // Negative: a size in KiB, not pages (sqlite.org/pragma.html#pragma_cache_size). Draining a
    // 120,000-reading backlog left 42 MiB resident at SQLite's 16 MiB default, 28 MiB at 2,000.
    db.pragma(`cache_size = -${Math.trunc(cacheKiB)}`);
    const check = db.pragma('quick_check(1)', { simple: true });
    if (check !== 'ok') {
      throw Object.assign(new Error(`spool quick_check failed: ${String(check)}`), { code: 'SQLITE_CORRUPT' });
    }
    db.exec(SCHEMA);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Renames a bad spool file (and its -wal/-shm) to `<file>.corrupt-<ms>`; returns the new name. */
export function moveAside(file: string, nowMs: number): string {
  const aside = `${file}.corrupt-${nowMs}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
  }
  return aside;
}
