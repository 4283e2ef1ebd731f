import type { Db } from './sqlite-file.js';
import type { DeadLetterFilter } from './types.js';

/**
 * Moves dead letters back into `readings` in one transaction, keeping seq, capture time and
 * JSON as they were; the append time becomes `now`, so the age cap counts from the resend.
 * A seq already back in the queue is left alone (INSERT OR IGNORE) and its dead letter kept.
 */
export function moveDeadLettersBack(db: Db, filter: DeadLetterFilter, now: number): { count: number; bytes: number } {
  const where: string[] = [];
  const args: Array<string | number> = [];
  if (filter.code !== undefined) {
    where.push('code = ?');
    args.push(filter.code);
  }
  const select = db
    .prepare(`SELECT seq FROM dead_letters ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`)
    .pluck();
  const wanted = filter.seqs ? new Set(filter.seqs) : undefined;
  const insert = db.prepare(
    `INSERT OR IGNORE INTO readings (seq, ts, at, bytes, gap, json)
     SELECT seq, ts, ?, length(CAST(json AS BLOB)), json_extract(json, '$.kind') = 'gap', json
     FROM dead_letters WHERE seq = ?`,
  );
  const size = db.prepare('SELECT bytes FROM readings WHERE seq = ?').pluck();
  const remove = db.prepare('DELETE FROM dead_letters WHERE seq = ?');
  const bumpCount = db.prepare(
    "INSERT INTO meta (key, value) VALUES ('count', ?) ON CONFLICT(key) DO UPDATE SET value = value + excluded.value",
  );
  let count = 0;
  let bytes = 0;
  // IMMEDIATE: the write lock is taken before the dead letters are read, so two commands on the
  // same file (or a command and the agent) wait for each other instead of failing with BUSY.
  db.transaction(() => {
    for (const seq of select.all(...args) as number[]) {
      if (wanted && !wanted.has(seq)) continue;
      if (insert.run(now, seq).changes === 0) continue;
      remove.run(seq);
      count++;
      bytes += size.get(seq) as number;
    }
    // The reading count the salvage of a damaged file relies on (sqlite-recover.ts).
    if (count > 0) bumpCount.run(count);
  }).immediate();
  return { count, bytes };
}
