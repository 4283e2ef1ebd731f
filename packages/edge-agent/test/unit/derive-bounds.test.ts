import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { TopicMapSchema } from '../../src/config/inputs.js';
import { BoundedLru, DEFAULT_MAX_OPEN_CYCLES, type ScanCycleMemory, scanCycleStep } from '../../src/derive/index.js';
import { HealthTracker } from '../../src/inputs/common/health.js';
import { RateLimitedLog } from '../../src/inputs/common/rate-log.js';
import { TopicRouter } from '../../src/inputs/mqtt/topic-router.js';
import type { ReadingDraft } from '../../src/inputs/types.js';

describe('derive state is bounded by configuration, not by traffic', () => {
  it('BoundedLru forgets the least recently used entry past its capacity', () => {
    const lru = new BoundedLru<string, number>(2);
    expect(lru.set('a', 1)).toBeUndefined();
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1); // a is now the most recent
    expect(lru.set('c', 3)).toEqual(['b', 2]);
    expect([...lru.values()]).toEqual([1, 3]);
    expect(() => new BoundedLru(0)).toThrow(/positive integer, got 0/);
  });

  it('keeps at most maxOpen open work orders, forgetting the oldest start', () => {
    const opts = { startRules: ['start'], finishRules: ['finish'], key: 'order', maxOpenS: 604_800 };
    let mem: ScanCycleMemory = new Map();
    // A finish rule that never matches: every scan starts a cycle that is never closed.
    for (let i = 0; i < 3 * DEFAULT_MAX_OPEN_CYCLES; i++)
      mem = scanCycleStep(mem, { ts: i * 1000, rule: 'start', fields: { order: `WO-${i}` } }, opts).mem;
    expect(mem.size).toBe(DEFAULT_MAX_OPEN_CYCLES);
    const newest = 3 * DEFAULT_MAX_OPEN_CYCLES - 1;
    const r = scanCycleStep(mem, { ts: newest * 1000 + 5000, rule: 'finish', fields: { order: `WO-${newest}` } }, opts);
    expect(r.seconds).toBe(5);
    const gone = scanCycleStep(mem, { ts: newest * 1000, rule: 'finish', fields: { order: 'WO-0' } }, opts);
    expect(gone.seconds).toBeNull();
  });

  it('a restarted order counts as the newest start, so a bound of 2 keeps it', () => {
    const opts = { startRules: ['s'], finishRules: ['f'], key: 'o', maxOpenS: 3600, maxOpen: 2 };
    let mem: ScanCycleMemory = new Map();
    for (const [ts, o] of [
      [0, 'A'],
      [1000, 'B'],
      [2000, 'A'], // A again: now newer than B
      [3000, 'C'], // B is the oldest and goes
    ] as const)
      mem = scanCycleStep(mem, { ts, rule: 's', fields: { o } }, opts).mem;
    expect([...mem.keys()]).toEqual(['A', 'C']);
  });

  it('an MQTT input keeps derive state for maxSources sources, yet delivers every reading', () => {
    const map = TopicMapSchema.parse({
      topic: 'plugs/{plug}/power',
      payload: { format: 'number', channel: 'power_w', unit: 'W' },
      derive: [{ kind: 'machine-state', channel: 'power_w', offBelow: 5, runningAbove: 50 }],
    });
    const out: ReadingDraft[] = [];
    const tracker = new HealthTracker('mqtt-1');
    const log = new RateLimitedLog(pino({ level: 'silent' }), 60_000, () => 0);
    const router = new TopicRouter('mqtt-1', [map], (d) => out.push(d), tracker, log, undefined, 100);
    // A device (or anyone on the broker) naming a new plug in every message.
    for (let i = 0; i < 5_000; i++) router.handle(`plugs/p${i}/power`, Buffer.from('100'), 1_000 + i);
    expect(router.trackedSources).toBe(100);
    expect(out.filter((d) => d.kind === 'measurement')).toHaveLength(5_000);
    expect(out.filter((d) => d.kind === 'machine_state')).toHaveLength(5_000);
    expect(tracker.snapshot().errors.derive_state_dropped).toBe(4_900);
  });
});
