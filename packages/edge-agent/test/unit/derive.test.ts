import { describe, expect, it } from 'vitest';
import { countStep, initialCount } from '../../src/derive/counter.js';
import { countCycleStep, type ScanCycleMemory, scanCycleStep } from '../../src/derive/cycle-time.js';
import {
  classify,
  initialMachineState,
  type MachineEvent,
  type MachineStateOptions,
  machineStateStep,
  type StateChange,
} from '../../src/derive/machine-state.js';

const o: MachineStateOptions = { offBelow: 5, runningAbove: 100, hysteresis: 10, minDwellMs: 0, staleAfterMs: 10_000 };

function run(events: MachineEvent[], opts = o): StateChange[] {
  let mem = initialMachineState();
  const out: StateChange[] = [];
  for (const ev of events) {
    const r = machineStateStep(mem, ev, opts);
    mem = r.mem;
    if (r.change) out.push(r.change);
  }
  return out;
}
const s = (ts: number, value: number): MachineEvent => ({ type: 'sample', ts, value });

describe('machine state', () => {
  it.each([
    [0, null, 'off'],
    [50, null, 'idle'],
    [100, null, 'running'],
    [95, 'running', 'running'], // hysteresis keeps running above 90
    [89, 'running', 'idle'],
    [10, 'off', 'off'], // leaves off only at 15
    [15, 'off', 'idle'],
    [108, 'idle', 'idle'],
    [110, 'idle', 'running'],
  ] as const)('classify(%d, from %s) = %s', (v, from, want) => expect(classify(v, from, o)).toBe(want));

  it('reports changes only, with the threshold reason', () => {
    expect(run([s(0, 0), s(1000, 2), s(2000, 150), s(3000, 140), s(4000, 50)])).toEqual([
      { ts: 0, state: 'off', reason: 'threshold' },
      { ts: 2000, state: 'running', reason: 'threshold' },
      { ts: 4000, state: 'idle', reason: 'threshold' },
    ]);
  });

  it('needs a new state to hold for the minimum dwell, and dates it from when it began', () => {
    const dwell = { ...o, minDwellMs: 3000 };
    expect(run([s(0, 150), s(1000, 0), s(2000, 150), s(3000, 0), s(4000, 0), s(6000, 0)], dwell)).toEqual([
      { ts: 0, state: 'running', reason: 'threshold' },
      { ts: 3000, state: 'off', reason: 'threshold' },
    ]);
  });

  it('goes unknown when data is missing or the device is offline — never off', () => {
    expect(
      run([
        s(0, 150),
        { type: 'tick', ts: 5000 },
        { type: 'tick', ts: 10_000 },
        { type: 'tick', ts: 11_000 },
        s(12_000, 0),
      ]),
    ).toEqual([
      { ts: 0, state: 'running', reason: 'threshold' },
      { ts: 10_000, state: 'unknown', reason: 'no_data' },
      { ts: 12_000, state: 'off', reason: 'threshold' },
    ]);
    expect(run([s(0, 150), { type: 'offline', ts: 100 }, { type: 'offline', ts: 200 }, s(300, 150)])).toEqual([
      { ts: 0, state: 'running', reason: 'threshold' },
      { ts: 100, state: 'unknown', reason: 'offline' },
      { ts: 300, state: 'running', reason: 'threshold' },
    ]);
  });

  it('says nothing before the first sample', () => {
    expect(run([{ type: 'tick', ts: 50_000 }])).toEqual([]);
  });
});

describe('piece counts', () => {
  it.each([
    [
      'increments',
      [10, 12, 12, 15],
      {},
      [
        { delta: 2, total: 2 },
        { delta: 3, total: 5 },
      ],
    ],
    [
      '16-bit rollover',
      [65530, 65535, 3],
      { rolloverAt: 65536 },
      [
        { delta: 5, total: 5 },
        { delta: 4, total: 9, counterEvent: 'rollover' },
      ],
    ],
    [
      'reset (power cycle)',
      [500, 510, 2],
      { rolloverAt: 65536 },
      [
        { delta: 10, total: 10 },
        { delta: 2, total: 12, counterEvent: 'reset' },
      ],
    ],
    [
      'reset to zero without a modulus',
      [7, 0, 1],
      {},
      [
        { delta: 0, total: 0, counterEvent: 'reset' },
        { delta: 1, total: 1 },
      ],
    ],
  ] as const)('%s', (_n, raws, opts, want) => {
    let mem = initialCount();
    const out = [];
    for (const raw of raws) {
      const r = countStep(mem, raw, opts);
      mem = r.mem;
      if (r.out) out.push(r.out);
    }
    expect(out).toEqual(want);
  });
});

describe('cycle times', () => {
  it('from count increments, per piece, skipping breaks', () => {
    let mem = { lastIncrementTs: null as number | null };
    const out: (number | null)[] = [];
    for (const [ts, d] of [
      [0, 1],
      [30_000, 1],
      [90_000, 2],
      [90_000 + 4_000_000, 1],
    ] as const) {
      const r = countCycleStep(mem, ts, d, { maxCycleS: 3600 });
      mem = r.mem;
      out.push(r.seconds);
    }
    expect(out).toEqual([null, 30, 30, null]);
  });

  it('from start and finish scans of the same work order', () => {
    const opts = { startRules: ['start'], finishRules: ['finish'], key: 'order', maxOpenS: 3600 };
    let mem: ScanCycleMemory = new Map();
    const out: (number | null)[] = [];
    for (const [ts, rule, order] of [
      [0, 'start', 'A'],
      [1000, 'start', 'B'],
      [61_000, 'finish', 'A'],
      [62_000, 'finish', 'A'], // already closed
      [70_000, 'finish', 'C'], // never started
      [121_000, 'finish', 'B'],
      [200_000, 'start', 'D'],
      [200_000 + 3_601_000, 'finish', 'D'], // forgotten after maxOpenS
    ] as const) {
      const r = scanCycleStep(mem, { ts, rule, fields: { order } }, opts);
      mem = r.mem;
      out.push(r.seconds);
    }
    expect(out).toEqual([null, null, 61, null, null, 120, null, null]);
  });
});
