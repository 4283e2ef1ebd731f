import type { TimeSeriesStore } from './types.js';

export interface RetentionOptions {
  /** Readings older than this many days are deleted. */
  retentionDays: number;
  /** How often retention runs, ms. Default one hour. */
  intervalMs?: number;
  now?: () => number;
  onError?: (err: unknown) => void;
  onDeleted?: (count: number | null) => void;
}

/** Runs the store's retention now and then every `intervalMs`; returns a function that stops it. */
export function scheduleRetention(store: TimeSeriesStore, opts: RetentionOptions): () => void {
  const now = opts.now ?? Date.now;
  const run = () => {
    store
      .applyRetention(now() - opts.retentionDays * 86_400_000)
      .then((n) => opts.onDeleted?.(n))
      .catch((err) => opts.onError?.(err));
  };
  run();
  const timer = setInterval(run, opts.intervalMs ?? 3_600_000);
  timer.unref();
  return () => clearInterval(timer);
}
