import path from 'node:path';
import {
  DEFAULT_FORWARDER_OPTIONS,
  DEFAULT_SPOOL_OPTIONS,
  Forwarder,
  HttpUplink,
  MemorySpool,
  type Spool,
  SqliteSpool,
} from '@gongbang/edge-agent';
import type { Logger } from 'pino';
import { Random } from '../random.js';
import { MeasuredUplink } from './measured-uplink.js';
import { DEFAULT_PACE, type ReadingPace, WorkshopReadings } from './readings.js';

/** One simulated workshop agent of a load test. */
export interface LoadAgentOptions {
  agentId: string;
  token: string;
  collectorUrl: string;
  /** Seed of its readings and their pace. */
  seed: string;
  pace?: ReadingPace;
  /**
   * Folder of its SqliteSpool (the edge agent's own durable queue); absent: a MemorySpool
   * (cheaper for the load generator when the spool is not what is measured).
   */
  spoolDir?: string;
  logger: Logger;
}

const BACKLOG_CHUNK = 5_000;

/**
 * An edge agent without devices: the real spool, Forwarder and HttpUplink (the delivery path
 * an agent runs), fed by {@link WorkshopReadings} at a workshop's pace. It can go offline,
 * record a backlog (days of readings stamped in the past) and come back to drain it.
 */
export class LoadAgent {
  readonly id: string;
  readonly uplink: MeasuredUplink;
  private readonly spool: Spool;
  private readonly readings: WorkshopReadings;
  private forwarder: Forwarder | undefined;
  private timer: NodeJS.Timeout | undefined;
  private appended = 0;

  constructor(private readonly opts: LoadAgentOptions) {
    this.id = opts.agentId;
    const rng = new Random(opts.seed);
    this.readings = new WorkshopReadings(rng, opts.pace ?? DEFAULT_PACE, Date.now());
    this.spool = opts.spoolDir
      ? new SqliteSpool(
          { ...DEFAULT_SPOOL_OPTIONS, file: path.join(opts.spoolDir, `${opts.agentId}.db`), reserveBytes: 0 },
          { logger: opts.logger },
        )
      : new MemorySpool();
    this.uplink = new MeasuredUplink(
      new HttpUplink({
        url: opts.collectorUrl,
        agentId: opts.agentId,
        token: opts.token,
        gzip: true,
        requestTimeoutMs: 120_000,
      }),
    );
  }

  /** Opens the spool and starts forwarding; readings start with {@link startReadings}. */
  async start(): Promise<void> {
    await this.spool.start();
    this.online();
  }

  /** Appends a reading now, then again after each jittered pause, until {@link stopReadings}. */
  startReadings(): void {
    const tick = () => {
      this.spool.append(this.readings.next(Date.now()));
      this.appended++;
      this.timer = setTimeout(tick, this.readings.nextGapMs());
    };
    this.timer = setTimeout(tick, this.readings.nextGapMs());
  }

  stopReadings(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Stops forwarding (the link is down); readings keep going into the spool. */
  async offline(): Promise<void> {
    const f = this.forwarder;
    this.forwarder = undefined;
    await f?.stop();
  }

  /** Starts forwarding again (a new Forwarder on the same spool, as after a restart). */
  online(): void {
    if (this.forwarder) return;
    this.forwarder = new Forwarder(
      this.spool,
      this.uplink,
      { ...DEFAULT_FORWARDER_OPTIONS, idlePollMs: 200 },
      { logger: this.opts.logger },
    );
    this.forwarder.start();
  }

  /**
   * Appends what the workshop recorded between `fromTs` and `toTs` (UTC ms) at its pace (or
   * `pace`), in commits of 5,000, yielding between commits. Returns how many readings it appended.
   */
  async recordBacklog(fromTs: number, toTs: number, pace?: ReadingPace): Promise<number> {
    let n = 0;
    let ts = fromTs;
    while (ts < toTs) {
      for (let i = 0; i < BACKLOG_CHUNK && ts < toTs; i++) {
        this.spool.append(this.readings.next(ts));
        n++;
        ts += this.readings.nextGapMs(pace);
      }
      this.spool.flush();
      await new Promise((r) => setImmediate(r));
    }
    this.appended += n;
    return n;
  }

  /** Readings appended so far: every one must end up in the store once. */
  sent(): number {
    return this.appended;
  }

  /** Readings still waiting in the spool for an ack. */
  depth(): number {
    return this.spool.stats().depth;
  }

  deadLetters(): number {
    return this.spool.stats().deadLetters;
  }

  lastError(): string | null {
    const e = this.forwarder?.status().lastError;
    return e ? `${e.code}: ${e.message}` : null;
  }

  async stop(): Promise<void> {
    this.stopReadings();
    await this.offline();
    await this.spool.stop();
  }
}

/** Resolves once every agent's spool is empty; rejects after `timeoutMs`, naming the agents still waiting. */
export async function waitDrained(agents: readonly LoadAgent[], timeoutMs: number, pollMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const waiting = agents.filter((a) => a.depth() > 0);
    if (waiting.length === 0) return;
    if (Date.now() > deadline) {
      const sample = waiting
        .slice(0, 5)
        .map((a) => `${a.id} (${a.depth()} waiting${a.lastError() ? `, ${a.lastError()}` : ''})`);
      throw new Error(`${waiting.length} agent(s) not drained after ${timeoutMs} ms: ${sample.join('; ')}`);
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
