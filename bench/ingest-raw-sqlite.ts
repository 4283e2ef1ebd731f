// The ceiling the collector's embedded store is judged against: the same rows inserted straight
// through better-sqlite3, in this process, into a database opened by the store's own
// `openReadingsDb` (same schema, same pragmas) with the store's own multi-row INSERT
// (`prepareRowInsert`), in transactions of as many batches as the collector's group commit can
// hold. Only the inserts and their commits are timed; the rows are built beforehand.
import path from 'node:path';
import { COLUMNS, openReadingsDb, prepareRowInsert, type RowBatch, type SqliteSynchronous } from '@gongbang/collector';

/** An open baseline database; `insert` returns readings per second for the given batches. */
export interface RawSqlite {
  /** Inserts `batches` in transactions of `groupBatches` batches each; readings/s over the whole list. */
  insert(batches: readonly RowBatch[], groupBatches: number): number;
  close(): void;
}

export function openRawSqlite(dir: string, synchronous: SqliteSynchronous): RawSqlite {
  const db = openReadingsDb(path.join(dir, `raw-${synchronous}.db`), synchronous);
  const insert = prepareRowInsert(db);
  const group = db.transaction((batches: readonly RowBatch[]) => {
    for (const b of batches) insert(b.params);
  });
  return {
    insert(batches, groupBatches) {
      const rows = batches.reduce((n, b) => n + b.params.length / COLUMNS, 0);
      const t0 = performance.now();
      for (let i = 0; i < batches.length; i += groupBatches) group(batches.slice(i, i + groupBatches));
      return rows / ((performance.now() - t0) / 1000);
    },
    close: () => db.close(),
  };
}
