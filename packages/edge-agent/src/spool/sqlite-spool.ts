import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { ReadingDraft } from '../inputs/types.js';
import { CommitPacer } from './commit-pacer.js';
import { CommitWaiters } from './commit-waiters.js';
import { moveDeadLettersBack } from './dead-letter-resend.js';
import { DiskReserve } from './disk-reserve.js';
import { isCorruption, isDiskFull, SpoolError } from './errors.js';
import { retryOnFullDisk } from './full-disk.js';
import { CAP_LOW_WATER, type SpoolOptions } from './options.js';
import { PendingAcks } from './pending-acks.js';
import { toRanges } from './ranges.js';
import { SeqReservation } from './seq-reserve.js';
import { byteCapCut, type DropWhere, dropWithGap } from './sqlite-caps.js';
import { type Db, openSpoolFile } from './sqlite-file.js';
import { loadSpool } from './sqlite-load.js';
import { lossGap, lossProblem } from './sqlite-loss.js';
import { recoverCorrupt } from './sqlite-recover.js';
import { deleteSeqRanges, moveToDead, takeNewestRows, takeOldestRows } from './sqlite-rows.js';
import { prepareStatements, type SqliteStatements } from './sqlite-statements.js';
import { type Buffered, DropTally, gapDraft, toBuffered } from './tally.js';
import type { DeadLetter, DeadLetterFilter, Spool, SpooledReading, SpoolStats, TakeOptions } from './types.js';

const DAY_MS = 86_400_000;
/** With `flushIntervalMs: 0`, how often a failed commit (full disk) is tried again, ms. */
const RETRY_MS = 200;
/** How often a missing disk reserve is tried again, ms. */
const RESERVE_RETRY_MS = 10_000;

/**
 * The spool on a SQLite file in WAL mode. Readings are buffered and group-committed: by default
 * a commit starts as soon as the previous one finished (the readings that arrived during a
 * commit form the next group), so a reading is on disk within about one fsync; the seq counter
 * and the per-source cursors are written in the same transaction as the readings, so a crash
 * never leaves one without the other.
 */
export class SqliteSpool implements Spool {
  private db: Db | undefined;
  private st: SqliteStatements | undefined;
  private buffer: Buffered[] = [];
  private nextSeq = 1;
  private count = 0;
  private bytes = 0;
  private deadCount = 0;
  private cursors = new Map<string, number>();
  private state = new Map<string, number>();
  private pendingState = new Map<string, number>();
  private dropped: Record<string, number> = {};
  private problem: SpoolStats['problem'] = null;
  private readonly listeners: Array<() => void> = [];
  private readonly diskFullDrops = new DropTally();
  private readonly reservation: SeqReservation;
  private readonly reserve: DiskReserve;
  private readonly waiters = new CommitWaiters();
  private readonly pendingAcks = new PendingAcks();
  private reserveTriedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushQueued: NodeJS.Immediate | NodeJS.Timeout | undefined;
  private flushDelayed = false;
  private readonly pacer: CommitPacer;
  private readonly log: Logger;
  private readonly now: () => number;

  constructor(
    private readonly opts: SpoolOptions,
    deps: { logger: Logger; now?: () => number; monotonicNow?: () => number },
  ) {
    this.log = deps.logger.child({ component: 'spool' });
    this.now = deps.now ?? Date.now;
    this.reservation = new SeqReservation(`${opts.file}.seq`);
    this.reserve = new DiskReserve(`${opts.file}.reserve`, opts.reserveBytes ?? 0);
    this.pacer = new CommitPacer(opts.commitGapMs ?? 0, deps.monotonicNow);
  }

  async start(): Promise<void> {
    mkdirSync(path.dirname(this.opts.file), { recursive: true });
    const fileExisted = existsSync(this.opts.file);
    const walExisted = existsSync(`${this.opts.file}-wal`);
    try {
      this.attach(openSpoolFile(this.opts.file, this.opts.synchronous, this.opts.cacheKiB), {
        fileExisted,
        walExisted,
      });
    } catch (err) {
      if (!isCorruption(err)) {
        throw new SpoolError('spool_io', `cannot open spool ${this.opts.file}: ${(err as Error).message}`, false, {
          cause: err,
        });
      }
      this.replaceCorrupt(err);
    }
    this.reservation.markRunning(this.nextSeq);
    this.armReserve();
    this.timer = setInterval(() => this.tick(), this.opts.flushIntervalMs || RETRY_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.unqueueFlush();
    this.flush();
    if (this.buffer.length > 0) {
      this.log.error(
        { readings: this.buffer.length, problem: this.problem },
        'readings could not be committed before closing / 저장하지 못한 값',
      );
    }
    this.waiters.closed();
    if (this.db) {
      try {
        // Before the close: a crash between the two then leaves the WAL and an exact counter, never a false "WAL lost".
        this.reservation.markClean(this.nextSeq, this.count - this.pendingAcks.size);
      } catch (err) {
        this.log.warn({ err }, 'could not mark the seq file clean; the next start skips the reserved block');
      }
    }
    this.db?.close();
    this.db = undefined;
    this.st = undefined;
  }

  append(draft: ReadingDraft): number {
    if (!this.db) throw new SpoolError('spool_closed', 'spool is not open / 스풀이 열려 있지 않습니다', false);
    const seq = this.nextSeq++;
    this.buffer.push(toBuffered(seq, draft, this.now()));
    const due = this.opts.flushIntervalMs === 0 ? this.problem?.code !== 'disk_full' : false;
    const full = this.buffer.length >= this.opts.flushMaxReadings;
    // A full group does not wait out the gap.
    if (full && this.flushDelayed) this.unqueueFlush();
    if ((due || full) && !this.flushQueued) {
      // Deferred, so a synchronous burst (all channels of one tick) commits together; commits are
      // synchronous, so what arrives while one runs (or during the pacer's gap) waits for exactly
      // that one (group commit).
      const delay = full ? 0 : this.pacer.delayMs();
      const run = () => {
        this.flushQueued = undefined;
        this.flush();
      };
      this.flushDelayed = delay > 0;
      this.flushQueued = delay === 0 ? setImmediate(run) : setTimeout(run, delay);
    }
    return seq;
  }

  private unqueueFlush(): void {
    if (!this.flushQueued) return;
    if (this.flushDelayed) clearTimeout(this.flushQueued as NodeJS.Timeout);
    else clearImmediate(this.flushQueued as NodeJS.Immediate);
    this.flushQueued = undefined;
    this.flushDelayed = false;
  }

  committed(): Promise<void> {
    if (this.buffer.length === 0) return Promise.resolve();
    if (!this.db) return Promise.reject(new SpoolError('spool_closed', 'spool is not open', false));
    return this.waiters.wait(this.nextSeq - 1);
  }

  flush(): void {
    if (!this.db || !this.st) return;
    if (this.pendingAcks.size > 0) this.deletePendingAcks();
    if (this.buffer.length === 0) return;
    const rows = this.buffer;
    this.buffer = [];
    try {
      this.onFullDisk(() => this.commit(rows), false);
    } catch (err) {
      this.buffer = rows.concat(this.buffer);
      this.onWriteError(err);
      return;
    } finally {
      this.pacer.committed();
    }
    this.waiters.committedBelow(this.buffer[0]?.seq ?? this.nextSeq);
    if (this.problem?.code === 'disk_full') {
      this.log.info('spool writes again after a full disk / 디스크 공간 부족 해소');
      this.problem = null;
    }
    const lost = this.diskFullDrops.take();
    if (lost) {
      this.append(gapDraft(lost, 'disk_full', this.now()));
      this.bumpDropped('disk_full', lost.count);
      this.flush();
      return;
    }
    try {
      this.enforceByteCap();
    } catch (err) {
      // The readings are committed; the cap is enforced at the next commit or compaction.
      this.log.warn({ err }, 'spool cap could not be enforced now');
    }
    for (const l of this.listeners) l();
  }

  private tick(): void {
    // A commit already queued (by the pacer, up to commitGapMs away) does this tick's work.
    if (!this.flushQueued) this.flush();
    if (this.problem?.code !== 'disk_full' && this.now() - this.reserveTriedAt >= RESERVE_RETRY_MS) this.armReserve();
  }

  private armReserve(): void {
    this.reserveTriedAt = this.now();
    this.reserve.make();
  }

  private commit(rows: Buffered[]): void {
    const st = this.st!;
    const pending = this.pendingState;
    // The sidecar first: a seq is never committed (and so never delivered) before it is reserved on disk.
    this.reservation.ensure(this.nextSeq);
    this.db!.transaction(() => {
      const last = new Map<string, number>();
      for (const r of rows) {
        st.insert.run(r.seq, r.ts, r.at, r.bytes, r.gap ? 1 : 0, r.json);
        last.set(r.source, Math.max(r.ts, last.get(r.source) ?? r.ts));
      }
      for (const [source, ts] of last) st.setCursor.run(source, ts);
      for (const [key, value] of pending) st.setMeta.run(`state:${key}`, value);
      st.setMeta.run('next_seq', this.nextSeqAfter(rows));
      st.bumpMeta.run('count', rows.length);
    })();
    for (const [key, value] of pending) this.state.set(key, value);
    this.pendingState = new Map();
    for (const r of rows) {
      this.count++;
      this.bytes += r.bytes;
      this.cursors.set(r.source, Math.max(r.ts, this.cursors.get(r.source) ?? r.ts));
    }
  }

  private nextSeqAfter(rows: Buffered[]): number {
    return (rows[rows.length - 1]?.seq ?? this.nextSeq - 1) + 1;
  }

  private onWriteError(err: unknown): void {
    if (isCorruption(err)) {
      this.replaceCorrupt(err);
      this.flush();
      return;
    }
    const code = isDiskFull(err) ? 'disk_full' : 'spool_io';
    if (this.problem?.code !== code) {
      this.log.error(
        { err },
        code === 'disk_full' ? 'disk full: readings kept in memory / 디스크 가득 참' : 'spool write failed',
      );
    }
    this.problem = { code, message: (err as Error).message, at: this.now() };
    const excess = this.buffer.length - this.opts.maxBufferReadings;
    if (excess > 0) {
      const gone = this.buffer.splice(0, excess);
      this.diskFullDrops.add(gone);
      this.waiters.dropped(gone[gone.length - 1]!.seq);
    }
  }

  /** Moves a corrupt file aside, salvages what it can into a fresh one and reports the exact loss as a gap. */
  private replaceCorrupt(err: unknown): void {
    try {
      this.db?.close();
    } catch {}
    this.db = undefined;
    const running = this.st !== undefined;
    const side = this.reservation.read();
    // The count the damaged file should hold: the running spool's, or the one the last clean stop wrote.
    const cleanCount = side?.next !== undefined ? side.count : undefined;
    const r = recoverCorrupt(this.opts.file, this.opts.synchronous, {
      cacheKiB: this.opts.cacheKiB,
      now: this.now(),
      knownCount: running ? this.count - this.pendingAcks.size : cleanCount,
      hiHint: Math.max(this.nextSeq, side?.next ?? side?.reserved ?? 1),
    });
    this.pendingAcks.clear();
    this.log.error(
      { err, movedTo: r.aside, salvaged: r.salvage.readings, lost: r.lost, exact: r.exact },
      'spool file corrupt, moved aside; readable readings salvaged into a fresh one / 스풀 파일 손상, 읽을 수 있는 값은 복구함',
    );
    this.attach(r.db, undefined);
    this.problem = {
      code: 'spool_corrupt',
      message: `moved to ${r.aside}; salvaged ${r.salvage.readings}, lost ${r.exact ? '' : '≤'}${r.lost} / 복구 ${r.salvage.readings}, 손실 ${r.lost}`,
      at: this.now(),
    };
    if (r.gap) {
      this.append(r.gap);
      this.bumpDropped('spool_corrupt', r.lost);
    }
  }

  /** Takes over an open file; `found` (what was on disk before the open) turns on the check for lost commits. */
  private attach(db: Db, found: { fileExisted: boolean; walExisted: boolean } | undefined): void {
    this.db = db;
    this.st = prepareStatements(db);
    const l = loadSpool(this.st, this.reservation.read(), found);
    this.nextSeq = Math.max(this.nextSeq, l.nextSeq);
    this.count = l.count;
    this.bytes = l.bytes;
    this.deadCount = l.deadCount;
    this.cursors = l.cursors;
    this.state = l.state;
    this.dropped = l.dropped;
    this.syncCountMeta();
    if (l.lost) {
      this.problem = lossProblem(l.lost, this.now());
      this.log.error({ ...l.lost, nextSeq: this.nextSeq }, this.problem.message);
      this.append(lossGap(l.lost, this.now()));
      this.bumpDropped('spool_corrupt', 1);
    }
    this.log.debug({ depth: this.count, nextSeq: this.nextSeq }, 'spool opened');
  }

  /** Files from before `meta.count` existed, or whose count drifted: the salvage relies on it. */
  private syncCountMeta(): void {
    try {
      const have = (this.st!.getMeta.get('count') as { value: number } | undefined)?.value;
      if (have !== this.count) this.st!.setMeta.run('count', this.count);
    } catch (err) {
      this.log.warn({ err }, 'could not record the spool count');
    }
  }

  private enforceByteCap(): void {
    if (this.bytes <= this.opts.maxBytes) return;
    const cut = byteCapCut(this.st!, this.bytes - Math.floor(this.opts.maxBytes * CAP_LOW_WATER));
    this.dropThrough('seq <= ?', cut, 'spool_full');
  }

  /** Drops what a cap matches and reports it as a gap, both in one transaction. */
  private dropThrough(where: DropWhere, value: number, reason: 'spool_full' | 'spool_expired'): void {
    const stats = dropWithGap(this.db!, this.st!, where, value, reason, {
      seq: this.nextSeq,
      now: this.now(),
      commit: (row) => this.commit([row]),
    });
    if (!stats) return;
    this.nextSeq++;
    this.count -= stats.n;
    this.bytes -= stats.b;
    this.dropped[reason] = (this.dropped[reason] ?? 0) + stats.n;
    this.log.warn(
      { dropped: stats.n, reason, fromSeq: stats.lo, toSeq: stats.hi },
      'spool cap reached, oldest readings dropped / 스풀 한도 초과',
    );
  }

  private bumpDropped(reason: string, n: number): void {
    this.dropped[reason] = (this.dropped[reason] ?? 0) + n;
    try {
      this.st?.bumpMeta.run(`dropped:${reason}`, n);
    } catch {}
  }

  takeOldest(opts: TakeOptions): SpooledReading[] {
    return this.st ? takeOldestRows(this.st, this.pendingAcks, opts) : [];
  }

  takeNewest(afterSeq: number, opts: TakeOptions): SpooledReading[] {
    return this.st ? takeNewestRows(this.st, this.pendingAcks, afterSeq, opts) : [];
  }

  ack(seqs: readonly number[]): number {
    if (!this.db || seqs.length === 0) return 0;
    const ranges = toRanges(seqs);
    try {
      const n = this.onFullDisk(() => this.deleteRanges(ranges), true);
      this.clearFullIfIdle();
      return n;
    } catch (err) {
      if (!isDiskFull(err)) throw err;
      this.problem = { code: 'disk_full', message: (err as Error).message, at: this.now() };
      this.pendingAcks.add(seqs);
      return seqs.length;
    }
  }

  /** A deletion worked and nothing waits in memory: the full disk no longer holds anything back. */
  private clearFullIfIdle(): void {
    if (this.problem?.code === 'disk_full' && this.buffer.length === 0 && this.pendingAcks.size === 0) {
      this.log.info('spool writes again after a full disk / 디스크 공간 부족 해소');
      this.problem = null;
    }
  }

  /** Runs from the commit timer too: never throws (they stay pending and are tried again). */
  private deletePendingAcks(): void {
    try {
      this.onFullDisk(() => this.deleteRanges(this.pendingAcks.list()), true);
      this.pendingAcks.clear();
      this.clearFullIfIdle();
    } catch (err) {
      if (!isDiskFull(err)) this.log.error({ err }, 'could not delete delivered readings; trying again');
    }
  }

  private onFullDisk<T>(write: () => T, mayRelease: boolean): T {
    return retryOnFullDisk(this.db!, this.reserve, this.log, write, mayRelease);
  }

  private deleteRanges(ranges: Array<[number, number]>): number {
    const { n, b } = deleteSeqRanges(this.db!, this.st!, ranges);
    this.count -= n;
    this.bytes -= b;
    return n;
  }

  deadLetter(seqs: readonly number[], code: string, message: string): void {
    if (!this.db || seqs.length === 0) return;
    const { n, b } = moveToDead(this.db, this.st!, seqs, { code, message, at: this.now() });
    this.count -= n;
    this.bytes -= b;
    this.deadCount += n;
  }

  deadLetters(limit = 100): DeadLetter[] {
    return this.st ? (this.st.deadList.all(limit) as DeadLetter[]) : [];
  }

  resendDeadLetters(filter: DeadLetterFilter = {}): number {
    if (!this.db) return 0;
    const moved = moveDeadLettersBack(this.db, filter, this.now());
    this.count += moved.count;
    this.bytes += moved.bytes;
    this.deadCount -= moved.count;
    if (moved.count > 0) for (const l of this.listeners) l();
    return moved.count;
  }

  compact(): void {
    if (!this.db) return;
    this.flush();
    this.dropThrough('at < ?', this.now() - this.opts.maxAgeDays * DAY_MS, 'spool_expired');
    this.enforceByteCap();
    try {
      this.db.pragma('incremental_vacuum(10000)');
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch (err) {
      // Tidying is optional; on a full disk it waits for the next run.
      if (!isDiskFull(err)) throw err;
    }
  }

  stats(): SpoolStats {
    const committedOldest = this.count > 0 ? ((this.st?.oldestTs.get() as number | undefined) ?? null) : null;
    return {
      depth: this.count - this.pendingAcks.size + this.buffer.length,
      bytes: this.bytes,
      oldestTs: committedOldest ?? this.buffer[0]?.ts ?? null,
      deadLetters: this.deadCount,
      nextSeq: this.nextSeq,
      dropped: { ...this.dropped, ...this.diskFullDrops.pendingAsRecord() },
      problem: this.problem,
    };
  }

  getState(key: string): number | undefined {
    return this.pendingState.get(key) ?? this.state.get(key);
  }

  setState(key: string, value: number): void {
    this.pendingState.set(key, value);
  }

  lastTs(source: string): number | undefined {
    return this.cursors.get(source);
  }

  onCommit(listener: () => void): void {
    this.listeners.push(listener);
  }
}
