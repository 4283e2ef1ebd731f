import type { PendingAcks } from './pending-acks.js';
import { trimBytes } from './ranges.js';
import type { Db } from './sqlite-file.js';
import type { SqliteStatements } from './sqlite-statements.js';
import type { SpooledReading, TakeOptions } from './types.js';

/** Rows removed by a deletion: how many and their bytes. */
export interface Removed {
  n: number;
  b: number;
}

/** The oldest readings, skipping those acknowledged but not yet deleted. */
export function takeOldestRows(st: SqliteStatements, pending: PendingAcks, opts: TakeOptions): SpooledReading[] {
  const rows =
    pending.size === 0
      ? (st.oldest.all(opts.maxReadings) as SpooledReading[])
      : skipPending(st.oldestAll.iterate(), pending, opts.maxReadings);
  return trimBytes(rows, opts.maxBytes);
}

/** The newest readings after `afterSeq`, in seq order, skipping those acknowledged but not yet deleted. */
export function takeNewestRows(
  st: SqliteStatements,
  pending: PendingAcks,
  afterSeq: number,
  opts: TakeOptions,
): SpooledReading[] {
  const rows =
    pending.size === 0
      ? (st.newest.all(afterSeq, opts.maxReadings) as SpooledReading[])
      : skipPending(st.newestAll.iterate(afterSeq), pending, opts.maxReadings);
  return trimBytes(rows.reverse(), opts.maxBytes);
}

function skipPending(rows: IterableIterator<unknown>, pending: PendingAcks, max: number): SpooledReading[] {
  const out: SpooledReading[] = [];
  for (const r of rows as IterableIterator<SpooledReading>) {
    if (pending.has(r.seq)) continue;
    out.push(r);
    if (out.length >= max) break;
  }
  return out;
}

/** Deletes seq ranges in one transaction, keeping `meta.count` in step. */
export function deleteSeqRanges(db: Db, st: SqliteStatements, ranges: Array<[number, number]>): Removed {
  const out = { n: 0, b: 0 };
  db.transaction(() => {
    for (const [lo, hi] of ranges) {
      for (const r of st.deleteRange.all(lo, hi) as Array<{ bytes: number }>) {
        out.n++;
        out.b += r.bytes;
      }
    }
    st.bumpMeta.run('count', -out.n);
  })();
  return out;
}

/** Moves readings to the dead-letter table in one transaction. */
export function moveToDead(
  db: Db,
  st: SqliteStatements,
  seqs: readonly number[],
  why: { code: string; message: string; at: number },
): Removed {
  const out = { n: 0, b: 0 };
  db.transaction(() => {
    for (const seq of seqs) {
      if (st.toDead.run(why.code, why.message.slice(0, 512), why.at, seq).changes === 0) continue;
      for (const r of st.deleteRange.all(seq, seq) as Array<{ bytes: number }>) {
        out.n++;
        out.b += r.bytes;
      }
    }
    st.bumpMeta.run('count', -out.n);
  })();
  return out;
}
