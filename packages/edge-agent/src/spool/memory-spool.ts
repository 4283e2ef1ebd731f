import type { ReadingDraft } from '../inputs/types.js';
import { CommitWaiters } from './commit-waiters.js';
import { SpoolError } from './errors.js';
import { CAP_LOW_WATER, DEFAULT_SPOOL_OPTIONS, type SpoolOptions } from './options.js';
import { toRanges } from './ranges.js';
import { type Buffered, gapDraft, toBuffered } from './tally.js';
import type { DeadLetter, DeadLetterFilter, Spool, SpooledReading, SpoolStats, TakeOptions } from './types.js';

const DAY_MS = 86_400_000;

/**
 * The spool in memory, for tests and for running without a disk. Same contract as
 * `SqliteSpool` (the same test suite runs against both), nothing survives the process.
 */
export class MemorySpool implements Spool {
  private readonly rows = new Map<number, Buffered>();
  private buffer: Buffered[] = [];
  private readonly dead: DeadLetter[] = [];
  private readonly cursors = new Map<string, number>();
  private readonly state = new Map<string, number>();
  private pendingState = new Map<string, number>();
  private readonly dropped: Record<string, number> = {};
  private readonly listeners: Array<() => void> = [];
  private readonly waiters = new CommitWaiters();
  private flushQueued = false;
  private readonly opts: Omit<SpoolOptions, 'file'>;
  private nextSeq = 1;
  private bytes = 0;
  private open = false;
  private readonly now: () => number;

  constructor(opts: Partial<Omit<SpoolOptions, 'file'>> = {}, deps: { now?: () => number } = {}) {
    this.opts = { ...DEFAULT_SPOOL_OPTIONS, ...opts };
    this.now = deps.now ?? Date.now;
  }

  async start(): Promise<void> {
    this.open = true;
  }

  async stop(): Promise<void> {
    this.flush();
    this.waiters.closed();
    this.open = false;
  }

  append(draft: ReadingDraft): number {
    if (!this.open) throw new SpoolError('spool_closed', 'spool is not open / 스풀이 열려 있지 않습니다', false);
    const seq = this.nextSeq++;
    this.buffer.push(toBuffered(seq, draft, this.now()));
    if (this.opts.flushIntervalMs === 0 && !this.flushQueued) {
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
    return this.waiters.wait(this.nextSeq - 1);
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    for (const r of this.buffer) this.put(r);
    this.buffer = [];
    this.waiters.committedBelow(this.nextSeq);
    for (const [key, value] of this.pendingState) this.state.set(key, value);
    this.pendingState = new Map();
    if (this.bytes > this.opts.maxBytes) {
      const target = this.bytes - Math.floor(this.opts.maxBytes * CAP_LOW_WATER);
      let acc = 0;
      let cut = 0;
      for (const r of this.rows.values()) {
        if (r.gap) continue;
        acc += r.bytes;
        cut = r.seq;
        if (acc >= target) break;
      }
      this.drop((r) => r.seq <= cut, 'spool_full');
    }
    for (const l of this.listeners) l();
  }

  private put(r: Buffered): void {
    this.rows.set(r.seq, r);
    this.bytes += r.bytes;
    this.cursors.set(r.source, Math.max(r.ts, this.cursors.get(r.source) ?? r.ts));
  }

  private drop(match: (r: Buffered) => boolean, reason: 'spool_full' | 'spool_expired'): void {
    const gone = [...this.rows.values()].filter((r) => !r.gap && match(r));
    if (gone.length === 0) return;
    for (const r of gone) this.remove(r.seq);
    const ts = gone.map((r) => r.ts);
    const summary = {
      count: gone.length,
      fromSeq: gone[0]!.seq,
      toSeq: gone[gone.length - 1]!.seq,
      fromTs: Math.min(...ts),
      toTs: Math.max(...ts),
    };
    this.dropped[reason] = (this.dropped[reason] ?? 0) + gone.length;
    this.put(toBuffered(this.nextSeq++, gapDraft(summary, reason, this.now()), this.now()));
  }

  private remove(seq: number): Buffered | undefined {
    const r = this.rows.get(seq);
    if (r) {
      this.rows.delete(seq);
      this.bytes -= r.bytes;
    }
    return r;
  }

  takeOldest(opts: TakeOptions): SpooledReading[] {
    const first: Buffered[] = [];
    for (const r of this.rows.values()) {
      if (first.length >= opts.maxReadings) break;
      first.push(r);
    }
    return this.take(first, opts);
  }

  takeNewest(afterSeq: number, opts: TakeOptions): SpooledReading[] {
    const fresh = [...this.rows.values()].filter((r) => r.seq > afterSeq);
    return this.take(fresh.slice(-opts.maxReadings), opts);
  }

  private take(rows: Buffered[], opts: TakeOptions): SpooledReading[] {
    const out: SpooledReading[] = [];
    let total = 0;
    for (const r of rows.slice(0, opts.maxReadings)) {
      total += r.json.length + 1;
      if (total > opts.maxBytes && out.length > 0) break;
      out.push({ seq: r.seq, ts: r.ts, json: r.json });
    }
    return out;
  }

  ack(seqs: readonly number[]): number {
    let n = 0;
    for (const [lo, hi] of toRanges(seqs)) for (let s = lo; s <= hi; s++) if (this.remove(s)) n++;
    return n;
  }

  deadLetter(seqs: readonly number[], code: string, message: string): void {
    for (const seq of seqs) {
      const r = this.remove(seq);
      if (r) this.dead.push({ seq, ts: r.ts, json: r.json, code, message, at: this.now() });
    }
  }

  deadLetters(limit = 100): DeadLetter[] {
    return this.dead.slice(0, limit);
  }

  resendDeadLetters(filter: DeadLetterFilter = {}): number {
    const seqs = filter.seqs ? new Set(filter.seqs) : undefined;
    const back = this.dead.filter((d) => (!seqs || seqs.has(d.seq)) && (!filter.code || d.code === filter.code));
    if (back.length === 0) return 0;
    for (const d of back) {
      this.dead.splice(this.dead.indexOf(d), 1);
      const parsed = JSON.parse(d.json) as { source?: string; kind?: string };
      const bytes = Buffer.byteLength(d.json);
      this.rows.set(d.seq, {
        seq: d.seq,
        ts: d.ts,
        at: this.now(),
        source: parsed.source ?? '',
        json: d.json,
        bytes,
        gap: parsed.kind === 'gap',
      });
      this.bytes += bytes;
    }
    // takeOldest walks the map in insertion order, which must stay seq order.
    const sorted = [...this.rows.values()].sort((a, b) => a.seq - b.seq);
    this.rows.clear();
    for (const r of sorted) this.rows.set(r.seq, r);
    for (const l of this.listeners) l();
    return back.length;
  }

  compact(): void {
    this.flush();
    const cutoff = this.now() - this.opts.maxAgeDays * DAY_MS;
    this.drop((r) => r.at < cutoff, 'spool_expired');
  }

  stats(): SpoolStats {
    const first = this.rows.values().next().value as Buffered | undefined;
    return {
      depth: this.rows.size + this.buffer.length,
      bytes: this.bytes,
      oldestTs: first?.ts ?? this.buffer[0]?.ts ?? null,
      deadLetters: this.dead.length,
      nextSeq: this.nextSeq,
      dropped: { ...this.dropped },
      problem: null,
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
