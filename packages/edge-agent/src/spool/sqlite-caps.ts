import type { Db } from './sqlite-file.js';
import type { SqliteStatements } from './sqlite-statements.js';

/** Which readings a cap drops: the oldest by seq (byte cap) or by append time (age cap). */
export type DropWhere = 'seq <= ?' | 'at < ?';

/** What a cap is about to drop; gap readings are never dropped (they are the reports of drops). */
export interface DropStats {
  n: number;
  lo: number;
  hi: number;
  t0: number;
  t1: number;
  b: number;
}

export function dropStats(db: Db, where: DropWhere, value: number): DropStats {
  return db
    .prepare(
      `SELECT count(*) AS n, min(seq) AS lo, max(seq) AS hi, min(ts) AS t0, max(ts) AS t1, sum(bytes) AS b FROM readings WHERE gap = 0 AND ${where}`,
    )
    .get(value) as DropStats;
}

export function deleteDropped(db: Db, where: DropWhere, value: number): void {
  db.prepare(`DELETE FROM readings WHERE gap = 0 AND ${where}`).run(value);
}

/** The seq up to which the oldest readings add up to `bytes`. */
export function byteCapCut(st: SqliteStatements, bytes: number): number {
  let acc = 0;
  let cut = 0;
  for (const row of st.walkBytes.iterate() as IterableIterator<{ seq: number; bytes: number }>) {
    acc += row.bytes;
    cut = row.seq;
    if (acc >= bytes) break;
  }
  return cut;
}
