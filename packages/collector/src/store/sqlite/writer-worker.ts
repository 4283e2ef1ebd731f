// The SQLite writer thread: owns the write connection so inserts run beside the event loop
// that parses and validates the next batches. Messages: see writer-thread.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { openReadingsDb, type SqliteSynchronous } from './db.js';
import { SqliteWriter } from './writer.js';

type Request =
  | { id: number; op: 'write'; workshopId: string; agentId: string; readings: never[] }
  | { id: number; op: 'retention'; cutoffMs: number };

const { file, synchronous } = workerData as { file: string; synchronous: SqliteSynchronous };
const port = parentPort!;
try {
  const db = openReadingsDb(file, synchronous);
  const writer = new SqliteWriter(db);
  port.on('message', (m: Request | { op: 'close' }) => {
    if (m.op === 'close') {
      db.close();
      port.close();
      return;
    }
    try {
      const result =
        m.op === 'write' ? writer.write(m.workshopId, m.agentId, m.readings) : writer.applyRetention(m.cutoffMs);
      port.postMessage({ id: m.id, result });
    } catch (err) {
      port.postMessage({ id: m.id, error: (err as Error).message });
    }
  });
  port.postMessage({ ready: true });
} catch (err) {
  port.postMessage({ ready: false, error: (err as Error).message });
}
