import type { Worker } from 'node:worker_threads';
import type { Reading } from '@gongbang/shared';
import { spawnModuleWorker } from '../../core/worker.js';
import { StoreUnavailableError, type WriteResult } from '../types.js';
import type { SqliteSynchronous } from './db.js';
import { packRows } from './writer.js';

type Reply = { id: number; result?: unknown; error?: string };

/** The main-thread side of the writer thread: requests are answered by id; writes that queue up share a commit. */
export class SqliteWriterThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(
    private readonly file: string,
    private readonly synchronous: SqliteSynchronous,
  ) {}

  async start(): Promise<void> {
    // The built JavaScript, or the .ts file through tsx when running from the sources (core/worker.ts).
    const worker = spawnModuleWorker(import.meta.url, 'writer-worker', {
      workerData: { file: this.file, synchronous: this.synchronous },
    });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (m: { ready?: boolean; error?: string }) => {
        if (m.ready === undefined) return;
        worker.off('message', onMessage);
        if (m.ready) resolve();
        else reject(new StoreUnavailableError(`SQLite writer could not open ${this.file}: ${m.error}`));
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    worker.on('message', (m: Reply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new StoreUnavailableError(`SQLite write failed: ${m.error}`));
      else p.resolve(m.result);
    });
    // A writer that dies fails what it held; the agents keep those readings and retry.
    const fail = (why: string) => {
      this.worker = null;
      for (const p of this.pending.values()) p.reject(new StoreUnavailableError(`SQLite writer stopped: ${why}`));
      this.pending.clear();
    };
    worker.on('error', (err) => fail(err.message));
    worker.on('exit', (code) => fail(`exit ${code}`));
    this.worker = worker;
  }

  async stop(): Promise<void> {
    const w = this.worker;
    if (!w) return;
    const gone = new Promise<void>((r) => w.once('exit', () => r()));
    w.postMessage({ op: 'close' });
    await gone;
  }

  get running(): boolean {
    return this.worker !== null;
  }

  private call<T>(message: Record<string, unknown>, transfer?: ArrayBuffer[]): Promise<T> {
    const w = this.worker;
    if (!w) return Promise.reject(new StoreUnavailableError('the SQLite store is not open'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      w.postMessage({ id, ...message }, transfer);
    });
  }

  write(workshopId: string, agentId: string, readings: readonly Reading[]): Promise<WriteResult> {
    const packed = packRows(workshopId, agentId, readings);
    return this.call({ op: 'write', packed }, [
      packed.numbers.buffer as ArrayBuffer,
      packed.bodies.buffer as ArrayBuffer,
    ]);
  }

  applyRetention(cutoffMs: number): Promise<number> {
    return this.call({ op: 'retention', cutoffMs });
  }
}
