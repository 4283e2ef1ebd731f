import type { Reading } from '@gongbang/shared';
import { mulberry32 } from '../../src/evaluation/random.js';

/** A seeded generator of numbers in [0, 1), so a failure replays from its seed: the evaluation's mulberry32. */
export function seeded(seed: number): () => number {
  return mulberry32(seed).next;
}

/** UTC ms of a KST wall-clock time, e.g. kst('2026-03-02 08:30'). */
export function kst(dateTime: string): number {
  return Date.parse(`${dateTime.replace(' ', 'T')}:00+09:00`);
}

/** Builds readings of one agent with increasing sequence numbers. */
export class ReadingBuilder {
  private seq = 0;
  readonly readings: Reading[] = [];

  private push(r: { ts: number; source: string; kind: Reading['kind'] } & Record<string, unknown>): this {
    this.readings.push({ ...r, seq: ++this.seq, timeSource: 'agent' } as unknown as Reading);
    return this;
  }

  state(ts: number, machine: string, state: 'running' | 'idle' | 'off' | 'setup' | 'fault' | 'unknown'): this {
    return this.push({ ts, source: machine, kind: 'machine_state', machine, state, reason: 'threshold' });
  }

  count(ts: number, source: string, channel: string, delta: number, total = 0): this {
    return this.push({ ts, source, kind: 'count', channel, delta, total: total || delta });
  }

  scan(
    ts: number,
    source: string,
    meaning: 'badge' | 'work_order' | 'piece' | 'scrap' | 'rework' | 'stop_reason',
    text: string,
    fields: Record<string, string> = {},
  ): this {
    return this.push({
      ts,
      source,
      kind: 'scan',
      text,
      raw: Buffer.from(text).toString('base64'),
      encoding: 'ascii',
      symbology: null,
      gs1: null,
      meaning,
      rule: meaning,
      fields,
      flags: [],
    });
  }

  gap(ts: number, fromTs: number, toTs: number, dropped = 10): this {
    return this.push({ ts, source: 'agent', kind: 'gap', dropped, reason: 'spool_full', fromTs, toTs });
  }

  /** Heartbeats every `everyMs` in [fromMs, toMs). */
  heartbeats(fromMs: number, toMs: number, everyMs = 60_000): this {
    for (let t = fromMs; t < toMs; t += everyMs) {
      this.push({
        ts: t,
        source: 'agent',
        kind: 'health',
        agentVersion: '0.1.0',
        uptimeS: 1,
        spoolDepth: 0,
        spoolOldestAgeMs: null,
        deadLetters: 0,
        clockOffsetMs: null,
        inputs: [],
      });
    }
    return this;
  }
}
