import type { IngestAck, SeqRange } from '@gongbang/shared';
import type { Logger } from 'pino';
import { backoffDelayMs } from '../backoff/index.js';
import type { Spool, SpooledReading } from '../spool/index.js';
import { ClockOffsetEstimator } from './clock.js';
import type { ForwarderOptions, ForwarderStatus } from './options.js';
import { isPoison, type Uplink, UplinkError } from './uplink.js';
import { Waiter } from './waiter.js';

type Outcome = { retry: false } | { retry: true; err: UplinkError };
const OK: Outcome = { retry: false };

/**
 * Moves readings from the spool to the collector, oldest first, one batch at a time. A
 * reading leaves the spool only when its batch was acknowledged (or the collector refused it
 * for good: then it becomes a dead letter). Everything else is retried with backoff.
 */
export class Forwarder {
  private readonly log: Logger;
  private readonly clock = new ClockOffsetEstimator();
  private readonly waiter = new Waiter();
  private readonly abort = new AbortController();
  private running = false;
  private loop: Promise<void> | undefined;
  private st: ForwarderStatus = {
    state: 'stopped',
    lastSuccessAt: null,
    lastError: null,
    consecutiveFailures: 0,
    nextRetryAt: null,
    delivered: 0,
    deadLettered: 0,
    clockOffsetMs: null,
    clockSkewed: false,
  };

  constructor(
    private readonly spool: Spool,
    private readonly uplink: Uplink,
    private readonly opts: ForwarderOptions,
    deps: { logger: Logger; now?: () => number; random?: () => number },
  ) {
    this.log = deps.logger.child({ component: 'forwarder' });
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
  }
  private readonly now: () => number;
  private readonly random: () => number;

  start(): void {
    if (this.running) return;
    this.running = true;
    this.st.state = 'idle';
    this.spool.onCommit(() => {
      if (this.st.state === 'idle') this.waiter.wake();
    });
    this.loop = this.run();
  }

  /** Stops after the batch in flight (aborted after `graceMs`); unacknowledged readings stay in the spool. */
  async stop(graceMs = 2_000): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.waiter.wake();
    const t = setTimeout(() => this.abort.abort(), graceMs);
    await this.loop;
    clearTimeout(t);
    this.st.state = 'stopped';
  }

  status(): ForwarderStatus {
    return { ...this.st };
  }

  private async run(): Promise<void> {
    while (this.running) {
      const rows = this.pick();
      if (rows.length === 0) {
        this.st.state = 'idle';
        await this.waiter.wait(this.opts.idlePollMs);
        continue;
      }
      this.st.state = 'sending';
      const outcome = await this.deliver(rows).catch((err: unknown) => {
        this.log.error({ err }, 'forwarder failed unexpectedly');
        return { retry: true, err: new UplinkError('internal', String(err), true) } as Outcome;
      });
      if (outcome.retry) await this.backOff(outcome.err);
      else this.st.consecutiveFailures = 0;
    }
  }

  /** The oldest readings; during a backlog the last `liveShare` of the batch are the newest ones instead. */
  private pick(): SpooledReading[] {
    const { batchMaxReadings: n, batchMaxBytes: bytes, liveShare } = this.opts;
    const oldest = this.spool.takeOldest({ maxReadings: n, maxBytes: bytes });
    const live = Math.floor(n * liveShare);
    if (oldest.length < n || live < 1) return oldest;
    const head = oldest.slice(0, n - live);
    const fresh = this.spool.takeNewest(head[head.length - 1]!.seq, { maxReadings: live, maxBytes: bytes * liveShare });
    return head.concat(fresh);
  }

  private async deliver(rows: SpooledReading[]): Promise<Outcome> {
    if (!this.running && this.abort.signal.aborted)
      return { retry: true, err: new UplinkError('stopped', 'stopped', true) };
    const first = rows[0]!.seq;
    const last = rows[rows.length - 1]!.seq;
    try {
      const d = await this.uplink.send(
        {
          batchId: `${first}-${last}-${rows.length}`,
          firstSeq: first,
          lastSeq: last,
          readings: rows.map((r) => r.json),
        },
        this.abort.signal,
      );
      this.onAck(rows, d.ack);
      this.clock.add(d.sentAt, d.answeredAt, d.ack.serverTime);
      this.updateClock();
      return OK;
    } catch (e) {
      const err = e instanceof UplinkError ? e : new UplinkError('internal', String(e), true, { cause: e });
      if (err.status === 413 || isPoison(err)) return this.narrow(rows, err);
      return { retry: true, err };
    }
  }

  /** 413 → split in halves; an invalid batch → park the readings it names, or bisect until the bad ones are alone. */
  private async narrow(rows: SpooledReading[], err: UplinkError): Promise<Outcome> {
    if (rows.length === 1) {
      this.park(rows, err.code, err.message);
      return OK;
    }
    if (err.status !== 413) {
      const named = namedIndexes(err, rows.length);
      if (named.size > 0 && named.size < rows.length) {
        this.park(
          rows.filter((_, i) => named.has(i)),
          err.code,
          err.message,
        );
        return this.deliver(rows.filter((_, i) => !named.has(i)));
      }
    }
    const mid = rows.length >> 1;
    this.log.info({ readings: rows.length, code: err.code }, 'splitting batch');
    const a = await this.deliver(rows.slice(0, mid));
    if (a.retry) return a;
    return this.deliver(rows.slice(mid));
  }

  private park(rows: SpooledReading[], code: string, message: string): void {
    this.spool.deadLetter(
      rows.map((r) => r.seq),
      code,
      message,
    );
    this.st.deadLettered += rows.length;
    this.log.warn(
      { seqs: rows.map((r) => r.seq).slice(0, 20), code, collector: { message } },
      'readings refused by the collector, moved to dead letters / 수집 서버가 거부한 값을 보관함',
    );
  }

  private onAck(rows: SpooledReading[], ack: IngestAck): void {
    const done = rows.filter((r) => inRanges(r.seq, ack.stored) || inRanges(r.seq, ack.duplicates)).map((r) => r.seq);
    this.spool.ack(done);
    this.st.delivered += done.length;
    for (const rej of ack.rejected) {
      this.spool.deadLetter([rej.seq], rej.code, rej.message);
      this.st.deadLettered++;
    }
    if (this.st.consecutiveFailures > 0)
      this.log.info({ after: this.st.consecutiveFailures }, 'collector reachable again / 수집 서버 연결 복구');
    this.st.lastSuccessAt = this.now();
    this.st.lastError = null;
    this.st.nextRetryAt = null;
  }

  private updateClock(): void {
    const off = this.clock.offsetMs();
    this.st.clockOffsetMs = off;
    const skewed = off !== null && Math.abs(off) > this.opts.clockOffsetWarnMs;
    if (skewed && !this.st.clockSkewed) {
      this.log.warn({ clockOffsetMs: off }, 'agent clock differs from the collector / 에이전트 시계가 서버와 다릅니다');
    }
    this.st.clockSkewed = skewed;
  }

  private async backOff(err: UplinkError): Promise<void> {
    this.st.consecutiveFailures++;
    this.st.lastError = { code: err.code, message: err.message, status: err.status, at: this.now() };
    const delay = backoffDelayMs(this.st.consecutiveFailures, this.opts.backoff, this.random, err.extra.retryAfterMs);
    this.st.nextRetryAt = this.now() + delay;
    this.st.state = 'backoff';
    const level = this.st.consecutiveFailures === 1 || this.st.consecutiveFailures % 20 === 0 ? 'warn' : 'debug';
    this.log[level](
      { code: err.code, status: err.status, delayMs: delay, failures: this.st.consecutiveFailures },
      'upload failed, will retry / 전송 실패, 재시도 예정',
    );
    const until = this.st.nextRetryAt;
    // When the collector did not answer at all, look for it now and then and retry as soon as it is back.
    const probing = err.code === 'network';
    while (this.running && this.now() < until) {
      const step = probing ? Math.min(this.opts.probeIntervalMs, until - this.now()) : until - this.now();
      await this.waiter.wait(step);
      if (!this.running) return;
      if (probing && this.now() < until && (await this.uplink.probe(this.abort.signal))) return;
    }
  }
}

function inRanges(seq: number, ranges: readonly SeqRange[]): boolean {
  for (const [lo, hi] of ranges) if (seq >= lo && seq <= hi) return true;
  return false;
}

/** Indexes of readings an `invalid_batch` names in its issues (`readings[3].value`). */
function namedIndexes(err: UplinkError, n: number): Set<number> {
  const out = new Set<number>();
  for (const i of err.extra.issues ?? []) {
    const m = /^readings\[(\d+)\]/.exec(i.path);
    if (m && Number(m[1]) < n) out.add(Number(m[1]));
  }
  return out;
}
