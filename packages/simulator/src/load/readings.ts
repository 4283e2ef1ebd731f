import type { ReadingDraft } from '@gongbang/edge-agent';
import type { Random } from '../random.js';

/** Seconds between two readings of one workshop: uniform in [lo, hi] (the jitter). Default 2–5 s. */
export interface ReadingPace {
  minS: number;
  maxS: number;
}

export const DEFAULT_PACE: ReadingPace = { minS: 2, maxS: 5 };

/**
 * What one workshop's agent sends, reading by reading, in the mix a small shop produces:
 * mostly its power meter's measurements and piece counts, sometimes a machine-state change
 * or a scan (work order, badge, piece), and a heartbeat about once a minute. Seeded: the same
 * `rng` gives the same readings.
 */
export class WorkshopReadings {
  private total = 0;
  private running = true;
  private lastHeartbeatTs = 0;

  constructor(
    private readonly rng: Random,
    private readonly pace: ReadingPace = DEFAULT_PACE,
    private readonly startedAt = 0,
  ) {}

  /** Milliseconds until the next reading, at the workshop's pace or the one given. */
  nextGapMs(pace: ReadingPace = this.pace): number {
    return Math.round(this.rng.uniform(pace.minS, pace.maxS) * 1000);
  }

  /** The reading captured at `ts` (UTC ms). */
  next(ts: number): ReadingDraft {
    const base = { ts, timeSource: 'device' as const };
    if (ts - this.lastHeartbeatTs >= 60_000) {
      this.lastHeartbeatTs = ts;
      return {
        ...base,
        timeSource: 'agent',
        source: 'agent',
        kind: 'health',
        agentVersion: 'load-0.1.0',
        uptimeS: Math.max(0, Math.round((ts - this.startedAt) / 1000)),
        spoolDepth: 0,
        spoolOldestAgeMs: null,
        deadLetters: 0,
        clockOffsetMs: null,
        inputs: [{ id: 'meter-1', connected: true, lastDataTs: ts, errors: {} }],
      };
    }
    const pick = this.rng.weighted([50, 30, 8, 12]);
    if (pick === 0) {
      const watts = this.running ? this.rng.normal(1800, 150) : this.rng.uniform(5, 40);
      return {
        ...base,
        source: 'meter-1',
        kind: 'measurement',
        channel: 'power_w',
        value: Math.round(watts),
        unit: 'W',
      };
    }
    if (pick === 1) {
      const delta = this.running ? this.rng.int(1, 3) : 0;
      this.total += delta;
      return { ...base, source: 'counter-1', kind: 'count', channel: 'pieces', delta, total: this.total };
    }
    if (pick === 2) {
      this.running = !this.running;
      return {
        ...base,
        source: 'meter-1',
        kind: 'machine_state',
        machine: 'machine-1',
        state: this.running ? 'running' : 'idle',
        reason: 'threshold',
        channel: 'power_w',
      };
    }
    const meaning = this.rng.pick(['work_order', 'badge', 'piece'] as const);
    const text =
      meaning === 'work_order'
        ? `WO-2026-${this.rng.int(1000, 9999)}`
        : meaning === 'badge'
          ? `EMP-${this.rng.int(1, 9)}`
          : `P${this.rng.int(100000, 999999)}`;
    return {
      ...base,
      source: 'scanner-1',
      kind: 'scan',
      text,
      raw: Buffer.from(`${text}\r`).toString('base64'),
      encoding: 'ascii',
      symbology: { aim: ']C0', name: 'code128' },
      gs1: null,
      meaning,
      rule: meaning === 'work_order' ? 'wo' : meaning,
      fields: meaning === 'work_order' ? { order: text } : {},
      flags: [],
    };
  }
}
