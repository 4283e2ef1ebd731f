import { describe, expect, it } from 'vitest';
import { currentState, stateSegments } from '../../src/metrics/machine-states.js';

const MIN = 60_000;

describe('stateSegments', () => {
  const base = { fromMs: 0, toMs: 60 * MIN, gaps: new Map(), offlineAfterMs: 5 * MIN };

  it('merges equal neighbours and shows a silent agent as no data, never off', () => {
    const seen = new Map([['a', [0, 4 * MIN, 8 * MIN, 40 * MIN]]]);
    const segs = stateSegments({
      ...base,
      seen,
      changes: [
        { ts: -10 * MIN, state: 'running', agentId: 'a' },
        { ts: 8 * MIN, state: 'running', agentId: 'a' },
      ],
    });
    expect(segs).toEqual([
      { startMs: 0, endMs: 13 * MIN, state: 'running' },
      { startMs: 13 * MIN, endMs: 40 * MIN, state: 'no_data' },
      { startMs: 40 * MIN, endMs: 45 * MIN, state: 'running' },
      { startMs: 45 * MIN, endMs: 60 * MIN, state: 'no_data' },
    ]);
  });

  it('shows unknown and lost spans as no data', () => {
    const seen = new Map([['a', Array.from({ length: 60 }, (_, k) => k * MIN)]]);
    const segs = stateSegments({
      ...base,
      seen,
      gaps: new Map([['a', [[20 * MIN, 30 * MIN]] as [number, number][]]]),
      changes: [
        { ts: 0, state: 'idle', agentId: 'a' },
        { ts: 50 * MIN, state: 'unknown', agentId: 'a' },
      ],
    });
    expect(segs.map((s) => [s.state, s.startMs / MIN, s.endMs / MIN])).toEqual([
      ['idle', 0, 20],
      ['no_data', 20, 30],
      ['idle', 30, 50],
      ['no_data', 50, 60],
    ]);
  });

  it('answers nothing for an empty range', () => {
    expect(stateSegments({ ...base, toMs: 0, seen: new Map(), changes: [] })).toEqual([]);
  });
});

describe('currentState', () => {
  it('reaches back to when a state carried into the day was reported', () => {
    const segs = [{ startMs: 0, endMs: 10, state: 'running' as const }];
    expect(currentState(segs, { ts: -500, state: 'running', agentId: 'a' }, 0)).toEqual({
      state: 'running',
      sinceMs: -500,
    });
    expect(currentState(segs, { ts: -500, state: 'idle', agentId: 'a' }, 0)).toEqual({ state: 'running', sinceMs: 0 });
    expect(currentState([], undefined, 7)).toEqual({ state: 'no_data', sinceMs: 7 });
  });
});
