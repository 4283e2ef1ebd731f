// The ceiling the collector's embedded store is judged against: the same rows inserted straight
// through better-sqlite3, in this process, into a database opened by the store's own
// `openReadingsDb` (same schema, same pragmas) with the store's own multi-row INSERT
// (`prepareRowInsert`), in transactions as large as the collector's group commits were in the
// run just before (from its /metrics). Only the inserts and their commits are timed.
import path from 'node:path';
import { COLUMNS, openReadingsDb, prepareRowInsert, type RowBatch, type SqliteSynchronous } from '@gongbang/collector';

/** An open baseline database. */
export interface RawSqlite {
  /**
   * Inserts `batches` in transactions of the given sizes (in batches, used in turn until every
   * batch is in); returns readings per second over the whole list.
   */
  insert(batches: readonly RowBatch[], transactionBatches: readonly number[]): number;
  close(): void;
}

export function openRawSqlite(dir: string, synchronous: SqliteSynchronous, name = 'raw'): RawSqlite {
  const db = openReadingsDb(path.join(dir, `${name}-${synchronous}.db`), synchronous);
  const insert = prepareRowInsert(db);
  const group = db.transaction((batches: readonly RowBatch[]) => {
    for (const b of batches) insert(b.params);
  });
  return {
    insert(batches, transactionBatches) {
      if (transactionBatches.length === 0 || transactionBatches.some((n) => !(n >= 1))) {
        throw new Error(`transaction sizes must be >= 1 batch: ${JSON.stringify(transactionBatches)}`);
      }
      const rows = batches.reduce((n, b) => n + b.params.length / COLUMNS, 0);
      const t0 = performance.now();
      for (let i = 0, k = 0; i < batches.length; k++) {
        const n = transactionBatches[k % transactionBatches.length]!;
        group(batches.slice(i, i + n));
        i += n;
      }
      return rows / ((performance.now() - t0) / 1000);
    },
    close: () => db.close(),
  };
}

/** Batches stored per commit size, from the cumulative buckets of `gongbang_store_commit_batches`. */
export type CommitSizes = Map<number, number>;

/** Reads the commit-size histogram from a collector's /metrics text (bucket bound → cumulative batches). */
export function commitBuckets(metricsText: string): Map<number, number> {
  const out = new Map<number, number>();
  const re = /^gongbang_store_commit_batches_bucket\{le="([^"]+)",store="sqlite"\} (\d+)$/gm;
  for (const m of metricsText.matchAll(re))
    out.set(m[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(m[1]), Number(m[2]));
  return out;
}

/**
 * The batches each commit size stored between two scrapes. A bucket wider than one size (past
 * 8) is counted at its upper bound; 8 clients with one batch in flight each never go past 8.
 */
export function commitSizesBetween(before: Map<number, number>, after: Map<number, number>): CommitSizes {
  const sizes: CommitSizes = new Map();
  let prev = 0;
  for (const le of [...after.keys()].sort((a, b) => a - b)) {
    const cum = after.get(le)! - (before.get(le) ?? 0);
    if (cum > prev && Number.isFinite(le)) sizes.set(le, cum - prev);
    prev = cum;
  }
  return sizes;
}

/**
 * Transaction sizes that reproduce the collector's mix for `totalBatches` batches: as many
 * commits of each size, in proportion, as the collector made.
 */
export function transactionPlan(sizes: CommitSizes, totalBatches: number): number[] {
  const batches = [...sizes.values()].reduce((a, b) => a + b, 0);
  if (batches === 0) throw new Error('the collector reported no commits (gongbang_store_commit_batches is empty)');
  const plan: number[] = [];
  for (const [size, stored] of [...sizes].sort((a, b) => b[0] - a[0])) {
    const commits = Math.round((totalBatches * stored) / batches / size);
    for (let i = 0; i < commits; i++) plan.push(size);
  }
  return plan.length > 0 ? plan : [1];
}

/** Mean batches per commit (commits weighted equally). */
export function meanCommitBatches(sizes: CommitSizes): number {
  let batches = 0;
  let commits = 0;
  for (const [size, stored] of sizes) {
    batches += stored;
    commits += stored / size;
  }
  return commits === 0 ? 0 : batches / commits;
}
