import { SpoolError } from './errors.js';

interface Waiter {
  seq: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * Promises that resolve once the readings up to a seq are committed (an MQTT input acknowledges
 * a QoS 1/2 publish only then, so a device keeps what the agent has not). Kept in seq order:
 * seqs are handed out increasing, so waiters arrive sorted.
 */
export class CommitWaiters {
  private waiting: Waiter[] = [];

  /** Resolves once every reading with seq ≤ `seq` still in the spool's buffer is committed. */
  wait(seq: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ seq, resolve, reject });
    });
  }

  get size(): number {
    return this.waiting.length;
  }

  /** After a commit: every reading below `firstPending` (the lowest seq still buffered) is on disk. */
  committedBelow(firstPending: number): void {
    let i = 0;
    while (i < this.waiting.length && this.waiting[i]!.seq < firstPending) this.waiting[i++]!.resolve();
    if (i > 0) this.waiting = this.waiting.slice(i);
  }

  /** Readings up to `throughSeq` were dropped from memory (disk full too long): they will never be committed. */
  dropped(throughSeq: number): void {
    this.rejectWhile(
      (w) => w.seq <= throughSeq,
      () => this.err('disk_full', 'readings dropped while the disk was full'),
    );
  }

  /** The spool closed with readings uncommitted. */
  closed(): void {
    this.rejectWhile(
      () => true,
      () => this.err('spool_closed', 'spool closed before the readings were committed'),
    );
  }

  private rejectWhile(match: (w: Waiter) => boolean, err: () => Error): void {
    let i = 0;
    while (i < this.waiting.length && match(this.waiting[i]!)) this.waiting[i++]!.reject(err());
    if (i > 0) this.waiting = this.waiting.slice(i);
  }

  private err(code: 'disk_full' | 'spool_closed', message: string): Error {
    return new SpoolError(code, message, code === 'disk_full');
  }
}
