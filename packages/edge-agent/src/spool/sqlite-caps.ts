import type { Db } from './sqlite-file.js';
import type { SqliteStatements } from './sqlite-statements.js';
import { type Buffered, gapDraft, toBuffered } from './tally.js';

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

/**
 * Deletes the readings a cap drops and commits the gap reading that reports them in the same
 * transaction (`commit` runs inside it; a nested transaction is a savepoint). Returns what was
 * dropped, or undefined when nothing matched.
 */
export function dropWithGap(
  db: Db,
  st: SqliteStatements,
  where: DropWhere,
  value: number,
  reason: 'spool_full' | 'spool_expired',
  gap: { seq: number; now: number; commit: (row: Buffered) => void },
): DropStats | undefined {
  const stats = dropStats(db, where, value);
  if (stats.n === 0) return undefined;
  const draft = gapDraft(
    { count: stats.n, fromSeq: stats.lo, toSeq: stats.hi, fromTs: stats.t0, toTs: stats.t1 },
    reason,
    gap.now,
  );
  const row = toBuffered(gap.seq, draft, gap.now);
  db.transaction(() => {
    deleteDropped(db, where, value);
    st.bumpMeta.run(`dropped:${reason}`, stats.n);
    st.bumpMeta.run('count', -stats.n);
    gap.commit(row);
  })();
  return stats;
}
