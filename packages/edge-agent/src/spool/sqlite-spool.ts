import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { ReadingDraft } from '../inputs/types.js';
import { CommitWaiters } from './commit-waiters.js';
import { DiskReserve } from './disk-reserve.js';
import { isCorruption, isDiskFull, SpoolError } from './errors.js';
import { CAP_LOW_WATER, type SpoolOptions } from './options.js';
import { PendingAcks } from './pending-acks.js';
import { toRanges, trimBytes } from './ranges.js';
import { seqFloor } from './seq-floor.js';
import { SeqReservation } from './seq-reserve.js';
import { byteCapCut, type DropWhere, deleteDropped, dropStats } from './sqlite-caps.js';
import { type Db, openSpoolFile } from './sqlite-file.js';
import { lossGap, lossProblem } from './sqlite-loss.js';
import { recoverCorrupt } from './sqlite-recover.js';
import { prepareStatements, type SqliteStatements } from './sqlite-statements.js';
import { type Buffered, DropTally, gapDraft, toBuffered } from './tally.js';
import type { DeadLetter, GapDraft, Spool, SpooledReading, SpoolStats, TakeOptions } from './types.js';

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
  private readonly cursors = new Map<string, number>();
  private readonly state = new Map<string, number>();
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
  private flushQueued = false;
  private readonly log: Logger;
  private readonly now: () => number;

  constructor(
    private readonly opts: SpoolOptions,
    deps: { logger: Logger; now?: () => number },
  ) {
    this.log = deps.logger.child({ component: 'spool' });
    this.now = deps.now ?? Date.now;
    this.reservation = new SeqReservation(`${opts.file}.seq`);
    this.reserve = new DiskReserve(`${opts.file}.reserve`, opts.reserveBytes ?? 0);
  }

  async start(): Promise<void> {
    mkdirSync(path.dirname(this.opts.file), { recursive: true });
    const fileExisted = existsSync(this.opts.file);
    const walExisted = existsSync(`${this.opts.file}-wal`);
    try {
      this.attach(openSpoolFile(this.opts.file, this.opts.synchronous), { fileExisted, walExisted });
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
    if ((due || this.buffer.length >= this.opts.flushMaxReadings) && !this.flushQueued) {
      // Deferred, so a synchronous burst (all channels of one tick) commits together; commits are
      // synchronous, so what arrives while one runs waits for exactly that one (group commit).
      this.flushQueued = true;
      setImmediate(() => {
        this.flushQueued = false;
        this.flush();
      });
    }
    return seq;
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
    this.enforceByteCap();
    for (const l of this.listeners) l();
  }

  private tick(): void {
    this.flush();
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
    const st = this.st;
    const stored = (st.getMeta.get('next_seq') as { value: number } | undefined)?.value;
    const rowsNext = Math.max(st.maxSeq.get() as number, st.maxDeadSeq.get() as number) + 1;
    const floor = seqFloor({
      stored,
      rowsNext,
      sidecar: this.reservation.read(),
      fileExisted: found?.fileExisted ?? true,
      walExisted: found?.walExisted ?? true,
    });
    this.nextSeq = Math.max(this.nextSeq, found ? floor.nextSeq : Math.max(floor.nextSeq, stored ?? 1, rowsNext));
    const agg = st.aggregate.get() as { n: number; b: number | null };
    this.count = agg.n;
    this.bytes = agg.b ?? 0;
    this.deadCount = st.deadCount.get() as number;
    this.cursors.clear();
    for (const c of st.cursors.all() as Array<{ source: string; ts: number }>) this.cursors.set(c.source, c.ts);
    this.state.clear();
    for (const m of st.stateMeta.all() as Array<{ key: string; value: number }>) {
      this.state.set(m.key.slice('state:'.length), m.value);
    }
    this.dropped = {};
    for (const m of st.droppedMeta.all() as Array<{ key: string; value: number }>) {
      this.dropped[m.key.slice('dropped:'.length)] = m.value;
    }
    this.syncCountMeta();
    if (found && floor.lost) {
      this.problem = lossProblem(floor.lost, this.now());
      this.log.error({ ...floor.lost, nextSeq: this.nextSeq }, this.problem.message);
      this.append(lossGap(floor.lost, this.now()));
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

  /** Deletes readings matching a condition and writes the gap reading for them in the same transaction. */
  private dropThrough(where: DropWhere, value: number, reason: 'spool_full' | 'spool_expired'): void {
    const db = this.db!;
    const stats = dropStats(db, where, value);
    if (stats.n === 0) return;
    const gap: GapDraft = gapDraft(
      { count: stats.n, fromSeq: stats.lo, toSeq: stats.hi, fromTs: stats.t0, toTs: stats.t1 },
      reason,
      this.now(),
    );
    const row = toBuffered(this.nextSeq++, gap, this.now());
    // The drop and its report commit together (a nested transaction is a savepoint).
    db.transaction(() => {
      deleteDropped(db, where, value);
      this.st!.bumpMeta.run(`dropped:${reason}`, stats.n);
      this.st!.bumpMeta.run('count', -stats.n);
      this.commit([row]);
    })();
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
    if (!this.st) return [];
    if (this.pendingAcks.size === 0) {
      return trimBytes(this.st.oldest.all(opts.maxReadings) as SpooledReading[], opts.maxBytes);
    }
    return trimBytes(this.skipPending(this.st.oldestAll.iterate(), opts.maxReadings), opts.maxBytes);
  }

  takeNewest(afterSeq: number, opts: TakeOptions): SpooledReading[] {
    if (!this.st) return [];
    const rows =
      this.pendingAcks.size === 0
        ? (this.st.newest.all(afterSeq, opts.maxReadings) as SpooledReading[])
        : this.skipPending(this.st.newestAll.iterate(afterSeq), opts.maxReadings);
    return trimBytes(rows.reverse(), opts.maxBytes);
  }

  private skipPending(rows: IterableIterator<unknown>, max: number): SpooledReading[] {
    const out: SpooledReading[] = [];
    for (const r of rows as IterableIterator<SpooledReading>) {
      if (this.pendingAcks.has(r.seq)) continue;
      out.push(r);
      if (out.length >= max) break;
    }
    return out;
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

  private deletePendingAcks(): void {
    try {
      this.onFullDisk(() => this.deleteRanges(this.pendingAcks.list()), true);
      this.pendingAcks.clear();
      this.clearFullIfIdle();
    } catch (err) {
      if (!isDiskFull(err)) throw err;
    }
  }

  /**
   * Runs a write; on a full disk (issue #10, item 19) restarts the WAL so the write can reuse the
   * WAL file's space (its pages are copied into the database first), tries again, and for a
   * deletion (`mayRelease`) gives back the disk reserve and tries once more.
   */
  private onFullDisk<T>(write: () => T, mayRelease: boolean): T {
    try {
      return write();
    } catch (err) {
      if (!isDiskFull(err)) throw err;
      try {
        this.db!.pragma('wal_checkpoint(RESTART)');
        return write();
      } catch (again) {
        if (!isDiskFull(again) || !mayRelease || !this.reserve.release()) throw again;
        this.log.warn('disk full while deleting delivered readings; reserve released / 디스크 가득 참, 예비 공간 사용');
        return write();
      }
    }
  }

  private deleteRanges(ranges: Array<[number, number]>): number {
    let n = 0;
    let b = 0;
    this.db!.transaction(() => {
      for (const [lo, hi] of ranges) {
        for (const r of this.st!.deleteRange.all(lo, hi) as Array<{ bytes: number }>) {
          n++;
          b += r.bytes;
        }
      }
      this.st!.bumpMeta.run('count', -n);
    })();
    this.count -= n;
    this.bytes -= b;
    return n;
  }

  deadLetter(seqs: readonly number[], code: string, message: string): void {
    if (!this.db || seqs.length === 0) return;
    let n = 0;
    let b = 0;
    this.db.transaction(() => {
      for (const seq of seqs) {
        if (this.st!.toDead.run(code, message.slice(0, 512), this.now(), seq).changes === 0) continue;
        for (const r of this.st!.deleteRange.all(seq, seq) as Array<{ bytes: number }>) {
          n++;
          b += r.bytes;
        }
      }
      this.st!.bumpMeta.run('count', -n);
    })();
    this.count -= n;
    this.bytes -= b;
    this.deadCount += n;
  }

  deadLetters(limit = 100): DeadLetter[] {
    return this.st ? (this.st.deadList.all(limit) as DeadLetter[]) : [];
  }

  compact(): void {
    if (!this.db) return;
    this.flush();
    this.dropThrough('at < ?', this.now() - this.opts.maxAgeDays * DAY_MS, 'spool_expired');
    this.enforceByteCap();
    this.db.pragma('incremental_vacuum(10000)');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
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
