import { describe, expect, it } from 'vitest';
import type { Kpi } from '../../src/metrics/formulas.js';
import { changeOf, peerGains, windowsAround } from '../../src/metrics/peer-gains.js';
import type { KpiFigures } from '../../src/metrics/query.js';

const ok = (value: number): Kpi => ({ value, status: 'ok', n: 1, coverage: 1 }) as Kpi;
const thin = (value: number): Kpi => ({ value, status: 'insufficient_data', n: 1, coverage: 0.2 }) as Kpi;
/** Figures with only labour productivity set: what peerGains reads of each. */
const lp = (k: Kpi): KpiFigures => ({ kpis: { labour_productivity: k } }) as unknown as KpiFigures;

describe('the change since a stage start', () => {
  it('is (after − before) / before, only between two ok figures with a positive start', () => {
    expect(changeOf(ok(80), ok(100))).toEqual({ before: 80, after: 100, change: 0.25 });
    expect(changeOf(ok(100), ok(80))?.change).toBeCloseTo(-0.2, 12);
    expect(changeOf(ok(0), ok(10))).toBeNull();
    expect(changeOf(thin(80), ok(100))).toBeNull();
    expect(changeOf(undefined, ok(100))).toBeNull();
  });

  it('takes the median over the peers that have both windows, withheld below five', () => {
    const peer = (b: number, a: number) => ({ before: lp(ok(b)), after: lp(ok(a)) });
    const own = { before: lp(ok(50)), after: lp(ok(60)) };
    const four = [peer(10, 11), peer(10, 12), peer(10, 13), peer(10, 14)];
    // A peer with a thin window does not count.
    const withThin = [...four, { before: lp(thin(10)), after: lp(ok(20)) }];
    const g4 = peerGains(own, withThin).labour_productivity;
    expect(g4.own?.change).toBeCloseTo(0.2, 12);
    expect(g4.peers).toEqual({ median: null, n: 4, withheld: true });
    const g5 = peerGains(own, [...four, peer(10, 15)]).labour_productivity;
    // +10 %, +20 %, +30 %, +40 %, +50 %.
    expect(g5.peers.n).toBe(5);
    expect(g5.peers.median).toBeCloseTo(0.3, 12);
  });

  it('surrounds a stage start with 8 weeks either side, cut at the last complete day', () => {
    expect(windowsAround('2026-02-02', '2026-03-06')).toEqual({
      before: { from: '2025-12-08', to: '2026-02-01' },
      after: { from: '2026-02-02', to: '2026-03-06' },
    });
    expect(windowsAround('2026-01-05', '2026-06-30')?.after).toEqual({ from: '2026-01-05', to: '2026-03-01' });
    expect(windowsAround('2026-03-04', '2026-03-06')).toBeNull();
  });
});
