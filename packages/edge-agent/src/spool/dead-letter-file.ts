import { existsSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { moveDeadLettersBack } from './dead-letter-resend.js';
import type { DeadLetter, DeadLetterFilter } from './types.js';

/**
 * Dead letters straight from a spool file no agent has open (`gongbang-agent dead-letters`
 * with the agent stopped). Unlike `SqliteSpool.start()` this never creates the file, never
 * moves a damaged one aside and hands out no seq: a command that only looks must not change
 * what the agent will find.
 */
function openExisting(file: string, readonly: boolean): Database.Database {
  const db = new Database(file, { fileMustExist: true, readonly });
  // The agent (starting meanwhile) or a second command may hold the lock for a moment.
  db.pragma('busy_timeout = 5000');
  return db;
}

/** The first `limit` dead letters in seq order, and how many there are. */
export function listDeadLettersInFile(file: string, limit: number): { total: number; deadLetters: DeadLetter[] } {
  const db = openExisting(file, true);
  try {
    const total = db.prepare('SELECT count(*) FROM dead_letters').pluck().get() as number;
    const deadLetters = db
      .prepare('SELECT seq, ts, json, code, message, at FROM dead_letters ORDER BY seq LIMIT ?')
      .all(limit) as DeadLetter[];
    return { total, deadLetters };
  } finally {
    db.close();
  }
}

/** Moves dead letters back to the queue of the file, keeping their seq (see Spool.resendDeadLetters). */
export function resendDeadLettersInFile(file: string, filter: DeadLetterFilter, now = Date.now()): number {
  const walExisted = existsSync(`${file}-wal`);
  const db = openExisting(file, false);
  try {
    return moveDeadLettersBack(db, filter, now).count;
  } finally {
    db.close();
    // The close checkpointed and removed the WAL a crashed agent left. An empty one (SQLite
    // ignores it) keeps the sign of that crash, so the agent's next start does not take the
    // missing WAL for a lost one (seq-floor.ts) and still skips to the reserved seqs.
    if (walExisted && !existsSync(`${file}-wal`)) writeFileSync(`${file}-wal`, '');
  }
}
