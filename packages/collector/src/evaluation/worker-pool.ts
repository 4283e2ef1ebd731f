import type { Worker } from 'node:worker_threads';
import { HttpError, spawnModuleWorker } from '../core/index.js';
import type { EvaluateOptions, Evaluation } from './analysis.js';
import type { PanelColumns } from './panel.js';
import type { ProgrammeAnalysis, ProgrammeInput } from './programme-analysis.js';

/** Options of `evaluate()` that cross to a worker: no generator, the seed makes the draws. */
export type WorkerEvaluateOptions = Omit<EvaluateOptions, 'bootstrap'> & {
  bootstrap?: { draws?: number; seed: number };
};

/** What a worker is asked: the estimator on a panel's columns, or a whole programme analysis. */
export type EvaluationJob = { id: number } & (
  | { op: 'evaluate'; columns: PanelColumns; options: WorkerEvaluateOptions }
  | { op: 'programme'; input: ProgrammeInput }
);

/** What a worker answers: the result, or the message of what it threw. */
export type EvaluationReply = { id: number; result: unknown } | { id: number; error: string };

/** Options of an {@link EvaluationPool}. */
export interface EvaluationPoolOptions {
  /** Worker threads, each running one analysis at a time. Default 1. */
  workers?: number;
  /** Called when a worker takes a job (tests watch the computation start; the worker is theirs to stop). */
  onStart?: (worker: Worker) => void;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

interface Pending {
  job: EvaluationJob;
  transfer: ArrayBuffer[];
  resolve: (result: unknown) => void;
  reject: (err: Error) => void;
}

/**
 * Runs `evaluate()` on worker threads so the collector's event loop (ingest included) keeps
 * answering while a programme is analysed. Workers start on the first job, take one job at a
 * time from a queue, and a worker that dies fails its job with a 500 and is replaced by the
 * next job. `stop()` terminates them all (the app's onClose).
 */
export class EvaluationPool {
  private readonly size: number;
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private stopped = false;

  constructor(private readonly options: EvaluationPoolOptions = {}) {
    const n = options.workers ?? 1;
    if (!Number.isInteger(n) || n < 1) throw new Error(`workers must be a positive integer, got ${n}`);
    this.size = n;
  }

  /** Runs `evaluate()` on a panel's columns on a worker. */
  run(columns: PanelColumns, options: WorkerEvaluateOptions): Promise<Evaluation> {
    return this.call({ op: 'evaluate', columns, options }) as Promise<Evaluation>;
  }

  /** Runs a whole programme analysis (analyseProgramme: sums, panel, estimator) on a worker. */
  analyse(input: ProgrammeInput): Promise<ProgrammeAnalysis> {
    // The rows' bytes move to the worker instead of being copied (the input is the worker's then).
    const transfer = input.rows.elements.map((b) => b.buffer as ArrayBuffer);
    return this.call({ op: 'programme', input }, transfer) as Promise<ProgrammeAnalysis>;
  }

  private call(job: DistributiveOmit<EvaluationJob, 'id'>, transfer: ArrayBuffer[] = []): Promise<unknown> {
    if (this.stopped) return Promise.reject(new HttpError('internal', 'the collector is closing'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { ...job, id: this.nextId++ } as EvaluationJob, transfer, resolve, reject });
      this.pump();
    });
  }

  /** Threads running now (busy or idle). */
  get threads(): number {
    return this.idle.length + this.busy.size;
  }

  /** Terminates every worker; queued and running jobs fail. */
  async stop(): Promise<void> {
    this.stopped = true;
    const closing = new HttpError('internal', 'the collector is closing');
    for (const p of this.queue.splice(0)) p.reject(closing);
    const all = [...this.idle.splice(0), ...this.busy.keys()];
    for (const p of this.busy.values()) p.reject(closing);
    this.busy.clear();
    await Promise.all(all.map((w) => w.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.stopped) {
      const worker = this.idle.pop() ?? (this.threads < this.size ? this.spawn() : null);
      if (!worker) return;
      const p = this.queue.shift() as Pending;
      this.busy.set(worker, p);
      worker.postMessage(p.job, p.transfer);
      this.options.onStart?.(worker);
    }
  }

  private spawn(): Worker {
    const worker = spawnModuleWorker(import.meta.url, 'evaluate-worker', { name: 'gongbang-evaluation' });
    worker.on('message', (m: EvaluationReply) => {
      const p = this.busy.get(worker);
      if (!p || p.job.id !== m.id) return;
      this.busy.delete(worker);
      if ('error' in m) p.reject(new Error(m.error));
      else p.resolve(m.result);
      this.idle.push(worker);
      this.pump();
    });
    // Without a listener an 'error' event would throw in the main thread; 'exit' follows it.
    let why = '';
    worker.on('error', (err) => {
      why = err.message;
    });
    worker.on('exit', (code) => {
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
      const p = this.busy.get(worker);
      this.busy.delete(worker);
      if (p && !this.stopped) {
        p.reject(
          new HttpError(
            'internal',
            `the evaluation worker stopped (exit code ${code}${why ? `: ${why}` : ''}) while computing; ask again, a new worker takes it`,
          ),
        );
      }
      this.pump();
    });
    return worker;
  }
}
