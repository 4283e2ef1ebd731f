import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { ReadingDraft } from '../inputs/types.js';
import { moveDeadLettersBack } from './dead-letter-resend.js';
import { isCorruption, isDiskFull, SpoolError } from './errors.js';
import { CAP_LOW_WATER, type SpoolOptions } from './options.js';
import { toRanges, trimBytes } from './ranges.js';
import { SeqReservation } from './seq-reserve.js';
import { byteCapCut, type DropWhere, deleteDropped, dropStats } from './sqlite-caps.js';
import { countReadingsIn, type Db, moveAside, openSpoolFile } from './sqlite-file.js';
import { prepareStatements, type SqliteStatements } from './sqlite-statements.js';
import { type Buffered, DropTally, gapDraft, toBuffered } from './tally.js';
import type {
  DeadLetter,
  DeadLetterFilter,
  GapDraft,
  Spool,
  SpooledReading,
  SpoolStats,
  TakeOptions,
} from './types.js';

const DAY_MS = 86_400_000;

/**
 * The spool on a SQLite file in WAL mode. Readings are buffered and group-committed (one
 * transaction per `flushIntervalMs` or `flushMaxReadings`); the seq counter and the per-source
 * cursors are written in the same transaction as the readings, so a crash never leaves one
 * without the other.
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
  private timer: NodeJS.Timeout | undefined;
  private flushQueued = false;
  private readonly log: Logger;

  constructor(
    private readonly opts: SpoolOptions,
    deps: { logger: Logger; now?: () => number },
  ) {
    this.log = deps.logger.child({ component: 'spool' });
    this.now = deps.now ?? Date.now;
    this.reservation = new SeqReservation(`${opts.file}.seq`);
  }
  private readonly now: () => number;

  async start(): Promise<void> {
    mkdirSync(path.dirname(this.opts.file), { recursive: true });
    try {
      this.attach(openSpoolFile(this.opts.file, this.opts.synchronous), false);
    } catch (err) {
      if (!isCorruption(err)) {
        throw new SpoolError('spool_io', `cannot open spool ${this.opts.file}: ${(err as Error).message}`, false, {
          cause: err,
        });
      }
      this.replaceCorrupt(err);
    }
    this.timer = setInterval(() => this.flush(), this.opts.flushIntervalMs);
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
    this.db?.close();
    this.db = undefined;
    this.st = undefined;
  }

  append(draft: ReadingDraft): number {
    if (!this.db) throw new SpoolError('spool_closed', 'spool is not open / 스풀이 열려 있지 않습니다', false);
    const seq = this.nextSeq++;
    this.buffer.push(toBuffered(seq, draft, this.now()));
    if (this.buffer.length >= this.opts.flushMaxReadings && !this.flushQueued) {
      // Deferred, so a synchronous burst from one input (e.g. all channels of one tick) commits together.
      this.flushQueued = true;
      setImmediate(() => {
        this.flushQueued = false;
        this.flush();
      });
    }
    return seq;
  }

  flush(): void {
    if (!this.db || !this.st || this.buffer.length === 0) return;
    const rows = this.buffer;
    this.buffer = [];
    try {
      this.commit(rows);
    } catch (err) {
      this.buffer = rows.concat(this.buffer);
      this.onWriteError(err);
      return;
    }
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

  private commit(rows: Buffered[]): void {
    const st = this.st!;
    const pending = this.pendingState;
    this.db!.transaction(() => {
      const last = new Map<string, number>();
      for (const r of rows) {
        st.insert.run(r.seq, r.ts, r.at, r.bytes, r.gap ? 1 : 0, r.json);
        last.set(r.source, Math.max(r.ts, last.get(r.source) ?? r.ts));
      }
      for (const [source, ts] of last) st.setCursor.run(source, ts);
      for (const [key, value] of pending) st.setMeta.run(`state:${key}`, value);
      st.setMeta.run('next_seq', this.nextSeqAfter(rows));
    })();
    for (const [key, value] of pending) this.state.set(key, value);
    this.pendingState = new Map();
    for (const r of rows) {
      this.count++;
      this.bytes += r.bytes;
      this.cursors.set(r.source, Math.max(r.ts, this.cursors.get(r.source) ?? r.ts));
    }
    this.reservation.ensure(this.nextSeq);
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
    if (excess > 0) this.diskFullDrops.add(this.buffer.splice(0, excess));
  }

  /** Moves a corrupt file aside, opens a fresh one and reports what was lost as a gap. */
  private replaceCorrupt(err: unknown): void {
    try {
      this.db?.close();
    } catch {}
    this.db = undefined;
    const aside = moveAside(this.opts.file, this.now());
    const seen = countReadingsIn(aside);
    this.log.error(
      { err, movedTo: aside },
      'spool file corrupt, moved aside; continuing on a fresh one / 스풀 파일 손상',
    );
    const lostCount = Math.max(1, seen?.count ?? this.count);
    this.attach(openSpoolFile(this.opts.file, this.opts.synchronous), true);
    this.problem = { code: 'spool_corrupt', message: `moved to ${aside}`, at: this.now() };
    this.append({
      ts: this.now(),
      timeSource: 'agent',
      source: 'agent',
      kind: 'gap',
      dropped: lostCount,
      reason: 'spool_corrupt',
      ...(seen?.minSeq ? { fromSeq: seen.minSeq } : {}),
      ...(seen?.maxSeq ? { toSeq: seen.maxSeq } : {}),
      detail: `${seen ? '' : 'count unknown; '}file moved to ${aside}`.slice(0, 512),
    });
    this.bumpDropped('spool_corrupt', lostCount);
  }

  private attach(db: Db, fresh: boolean): void {
    this.db = db;
    this.st = prepareStatements(db);
    const st = this.st;
    const stored = st.getMeta.get('next_seq') as { value: number } | undefined;
    const maxSeq = Math.max(st.maxSeq.get() as number, st.maxDeadSeq.get() as number);
    // A file without a counter is new (or replaced): continue above every seq ever reserved.
    const floor = stored ? stored.value : this.reservation.read();
    this.nextSeq = Math.max(this.nextSeq, floor, maxSeq + 1);
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
    this.reservation.ensure(this.nextSeq);
    if (!fresh) this.log.debug({ depth: this.count, nextSeq: this.nextSeq }, 'spool opened');
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
    return trimBytes(this.st.oldest.all(opts.maxReadings) as SpooledReading[], opts.maxBytes);
  }

  takeNewest(afterSeq: number, opts: TakeOptions): SpooledReading[] {
    if (!this.st) return [];
    const rows = (this.st.newest.all(afterSeq, opts.maxReadings) as SpooledReading[]).reverse();
    return trimBytes(rows, opts.maxBytes);
  }

  ack(seqs: readonly number[]): number {
    if (!this.db || seqs.length === 0) return 0;
    let n = 0;
    let b = 0;
    this.db.transaction(() => {
      for (const [lo, hi] of toRanges(seqs)) {
        for (const r of this.st!.deleteRange.all(lo, hi) as Array<{ bytes: number }>) {
          n++;
          b += r.bytes;
        }
      }
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
    })();
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
    this.db.pragma('incremental_vacuum(10000)');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  stats(): SpoolStats {
    const committedOldest = this.count > 0 ? ((this.st?.oldestTs.get() as number | undefined) ?? null) : null;
    return {
      depth: this.count + this.buffer.length,
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
