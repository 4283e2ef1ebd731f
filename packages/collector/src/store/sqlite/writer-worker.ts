// The SQLite writer thread: owns the write connection so inserts run beside the event loop
// that parses and validates the next batches. Messages: see writer-thread.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { openReadingsDb, type SqliteSynchronous } from './db.js';
import { type PackedRows, type RowBatch, SqliteWriter, unpackRows } from './writer.js';

type Request = { id: number; op: 'write'; packed: PackedRows } | { id: number; op: 'retention'; cutoffMs: number };

const { file, synchronous } = workerData as { file: string; synchronous: SqliteSynchronous };
const port = parentPort!;
try {
  const db = openReadingsDb(file, synchronous);
  const writer = new SqliteWriter(db);
  // Group commit: the writes that arrive while one is being committed go into the next
  // transaction together, so at FULL one fsync serves many batches under load.
  let queued: Array<{ id: number; rows: RowBatch }> = [];
  const flush = () => {
    const group = queued;
    queued = [];
    const results = writer.writeGroup(group.map((w) => w.rows));
    for (const [i, w] of group.entries()) {
      const r = results[i]!;
      port.postMessage(r instanceof Error ? { id: w.id, error: r.message } : { id: w.id, result: r });
    }
  };
  port.on('message', (m: Request | { op: 'close' }) => {
    if (m.op === 'close') {
      if (queued.length > 0) flush();
      db.close();
      port.close();
      return;
    }
    if (m.op === 'write') {
      let rows: RowBatch;
      try {
        rows = unpackRows(m.packed);
      } catch (err) {
        port.postMessage({ id: m.id, error: (err as Error).message });
        return;
      }
      if (queued.length === 0) setImmediate(flush);
      queued.push({ id: m.id, rows });
      return;
    }
    try {
      port.postMessage({ id: m.id, result: writer.applyRetention(m.cutoffMs) });
    } catch (err) {
      port.postMessage({ id: m.id, error: (err as Error).message });
    }
  });
  port.postMessage({ ready: true });
} catch (err) {
  port.postMessage({ ready: false, error: (err as Error).message });
}
