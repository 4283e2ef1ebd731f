import { describe, expect, it } from 'vitest';
import { checkReadings } from '../../src/ingest/check.js';
import { toRanges } from '../../src/ingest/ranges.js';
import type { IngestBody } from '../../src/ingest/schema.js';
import { measurements } from '../support/readings.js';

const T0 = Date.UTC(2026, 0, 5, 9);
const window = { notBeforeMs: T0 - 86_400_000, notAfterMs: T0 + 86_400_000 };
const bodyOf = (readings: unknown[], firstSeq = 1, lastSeq = 100): IngestBody => ({
  v: 1,
  agentId: 'agent-1',
  batchId: 'b1',
  firstSeq,
  lastSeq,
  sentAt: T0,
  readings,
});
const seqs = (order: number[]) => {
  const rs = measurements(1, T0, 10);
  return order.map((s) => rs[s - 1]!);
};

describe('checkReadings: seqs', () => {
  it('accepts unique seqs in any order', () => {
    const res = checkReadings(bodyOf(seqs([3, 1, 2, 5, 4])), window);
    expect(res.ok && res.accepted.map((r) => r.seq)).toEqual([3, 1, 2, 5, 4]);
  });

  it.each([
    ['next to each other', [1, 2, 2, 3], 'readings[2].seq'],
    ['apart, after ascending seqs', [1, 2, 3, 4, 2], 'readings[4].seq'],
    ['apart, after a step back', [5, 1, 3, 1], 'readings[3].seq'],
  ])('refuses the batch for a repeated seq %s', (_name, order, path) => {
    const res = checkReadings(bodyOf(seqs(order)), window);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.issues).toEqual([{ path, message: expect.stringMatching(/^duplicate seq \d+ in batch$/) }]);
  });

  it.each([
    ['missing', { ts: T0 }],
    ['zero', { seq: 0, ts: T0 }],
    ['fractional', { seq: 1.5, ts: T0 }],
    ['beyond 2^53', { seq: 2 ** 53, ts: T0 }],
    ['a string', { seq: '1', ts: T0 }],
  ])('refuses the batch for a seq that is %s', (_name, reading) => {
    const res = checkReadings(bodyOf([reading]), window);
    expect(res.ok).toBe(false);
    if (!res.ok)
      expect(res.issues[0]).toEqual({ path: 'readings[0].seq', message: 'a positive integer seq is required' });
  });

  it('refuses a seq outside the batch range', () => {
    const res = checkReadings(bodyOf(seqs([1, 2]), 2, 5), window);
    expect(!res.ok && res.issues[0]?.path).toBe('readings[0].seq');
  });
});

describe('toRanges', () => {
  it.each([
    [[], []],
    [
      [1, 2, 3, 7],
      [
        [1, 3],
        [7, 7],
      ],
    ],
    [
      [7, 1, 3, 2],
      [
        [1, 3],
        [7, 7],
      ],
    ],
    [[5, 5, 6], [[5, 6]]],
  ])('%j → %j', (input, out) => {
    expect(toRanges(input)).toEqual(out);
  });
});
