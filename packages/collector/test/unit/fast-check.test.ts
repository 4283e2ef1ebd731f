import { ReadingSchema } from '@gongbang/shared';
import { describe, expect, it } from 'vitest';
import { fastReading } from '../../src/ingest/fast-check.js';
import { everyKind } from '../support/readings.js';

// Values that break one rule or another of the shared schema.
const BAD: unknown[] = [
  undefined,
  null,
  '',
  'x',
  ' a',
  'a b',
  'ä',
  'x'.repeat(65),
  'x'.repeat(17),
  0,
  -1,
  0.5,
  1e15 + 2,
  -1e16,
  2 ** 53,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  946_684_799_999,
  4_102_444_800_001,
  true,
  [],
  {},
  'reset',
  'rollover',
  'idle',
  'device',
  'agent',
  'measurement',
  'count',
  'machine_state',
  'scan',
];

function* mutations(r: Record<string, unknown>): Generator<Record<string, unknown>> {
  for (const k of Object.keys(r)) {
    const { [k]: _dropped, ...without } = r;
    yield without;
    for (const v of BAD) yield { ...r, [k]: v };
  }
  for (const k of ['extra', 'counterEvent', 'channel', 'text', '__proto__x'])
    for (const v of BAD) yield { ...r, [k]: v };
}

const FAST_KINDS: string[] = ['measurement', 'count', 'machine_state', 'scan'];

describe('fast path of reading validation', () => {
  const seeds = everyKind(7, 1_764_000_000_000).filter((r) =>
    ['measurement', 'count', 'machine_state'].includes(r.kind),
  );

  it('accepts the valid fast kinds and leaves the others to zod', () => {
    for (const r of seeds) expect(fastReading(JSON.parse(JSON.stringify(r)))).toEqual(r);
    for (const r of everyKind(7, 1_764_000_000_000).filter((x) => !FAST_KINDS.includes(x.kind))) {
      expect(fastReading(r)).toBeUndefined();
    }
  });

  it('never accepts what the shared zod schema refuses (thousands of mutated readings)', () => {
    let checked = 0;
    for (const seed of seeds) {
      for (const m of mutations(seed as unknown as Record<string, unknown>)) {
        const fast = fastReading(m) !== undefined;
        const zod = ReadingSchema.safeParse(m).success;
        if (fast) expect({ m, zod }).toEqual({ m, zod: true });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});
