import path from 'node:path';
import {
  DEFAULT_FORWARDER_OPTIONS,
  DEFAULT_SPOOL_OPTIONS,
  Forwarder,
  HttpUplink,
  SqliteSpool,
} from '@gongbang/edge-agent';
import type { Logger } from 'pino';
import type { Draft } from '../model/sink.js';

/** The spool state key holding the last KST day (as days since 1970-01-01) appended in full. */
const LAST_DAY_KEY = 'gongbang-sim.lastDay';
const DAY_MS = 86_400_000;

/**
 * One workshop's agent as the backfill runs it: the edge agent's own SqliteSpool in
 * `<dir>/spool.db` and its Forwarder with the HttpUplink to the collector's ingest route —
 * the real delivery path, without the device inputs (the model stands in for them).
 */
export class SimAgent {
  private readonly spool: SqliteSpool;
  private readonly forwarder: Forwarder;

  constructor(opts: { dir: string; collectorUrl: string; agentId: string; token: string; logger: Logger }) {
    this.spool = new SqliteSpool(
      // NORMAL: a simulated backfill can be rerun; a power cut matters only to a real workshop.
      // No full-disk reserve: 8 MiB per workshop made 3 GiB for a 400-workshop programme.
      {
        ...DEFAULT_SPOOL_OPTIONS,
        file: path.join(opts.dir, 'spool.db'),
        synchronous: 'NORMAL',
        maxAgeDays: 3650,
        reserveBytes: 0,
      },
      { logger: opts.logger },
    );
    const uplink = new HttpUplink({
      url: opts.collectorUrl,
      agentId: opts.agentId,
      token: opts.token,
      gzip: true,
      requestTimeoutMs: 120_000,
    });
    this.forwarder = new Forwarder(
      this.spool,
      uplink,
      { ...DEFAULT_FORWARDER_OPTIONS, liveShare: 0, idlePollMs: 200 },
      { logger: opts.logger },
    );
  }

  async start(): Promise<void> {
    await this.spool.start();
    this.forwarder.start();
  }

  /** Days up to this one (YYYY-MM-DD) were appended by an earlier run: skip them. */
  lastDay(): string | null {
    const n = this.spool.getState(LAST_DAY_KEY);
    return n === undefined ? null : new Date(n * DAY_MS).toISOString().slice(0, 10);
  }

  /** Appends a day's readings and, in the same commit, marks the day done. */
  appendDay(day: string, readings: readonly Draft[]): void {
    for (const r of readings) this.spool.append(r as never);
    this.spool.setState(LAST_DAY_KEY, Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS));
    this.spool.flush();
  }

  depth(): number {
    return this.spool.stats().depth;
  }

  delivered(): number {
    return this.forwarder.status().delivered;
  }

  deadLetters(): number {
    return this.spool.stats().deadLetters;
  }

  lastError(): string | null {
    const e = this.forwarder.status().lastError;
    return e ? `${e.code}: ${e.message}` : null;
  }

  /** Resolves once the spool holds at most `max` readings (every 20 ms it looks again). */
  async drainTo(max: number, signal?: AbortSignal): Promise<void> {
    while (this.spool.stats().depth > max) {
      if (signal?.aborted) throw new Error('aborted');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async stop(): Promise<void> {
    await this.forwarder.stop();
    await this.spool.stop();
  }
}
