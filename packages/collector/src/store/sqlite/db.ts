import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

// WITHOUT ROWID keyed by (agent, seq): the primary key is the idempotency key, and each
// secondary index entry carries it, so (workshop, ts) also orders by (ts, agent, seq).
// One secondary index only: every index costs ingest throughput, and kind/source filters
// are applied on the workshop's time range. `body` is the reading's JSON without the
// columns stored beside it (seq, ts, kind, source).
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS readings (
  agent TEXT NOT NULL,
  seq INTEGER NOT NULL,
  workshop TEXT NOT NULL,
  ts INTEGER NOT NULL,
  kind TEXT NOT NULL,
  source TEXT NOT NULL,
  num REAL,
  body TEXT NOT NULL,
  PRIMARY KEY (agent, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS readings_workshop_ts ON readings (workshop, ts);
`;

/** How hard each commit goes to disk (WAL): `normal` survives a process crash, `full` also power loss. */
export type SqliteSynchronous = 'normal' | 'full';

/** Opens the readings database (creating folder, file and schema), WAL mode. */
export function openReadingsDb(file: string, synchronous: SqliteSynchronous = 'full'): Database.Database {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -32768'); // 32 MiB: the index pages of recent data stay in memory
  // Checkpoint every ~40 MB of WAL rather than 4 MB: fewer, larger copies into the database.
  db.pragma('wal_autocheckpoint = 10000');
  db.exec(SCHEMA);
  return db;
}
