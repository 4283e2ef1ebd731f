import { describe, expect, it } from 'vitest';
import { Backoff, backoffDelayMs, DEFAULT_BACKOFF } from '../../src/backoff/index.js';

describe('one backoff for the forwarder and the inputs', () => {
  it('gives the inputs their doubling without jitter from the minMs/maxMs sections', () => {
    const b = new Backoff({ minMs: 1_000, maxMs: 30_000 }, () => 0);
    expect(Array.from({ length: 7 }, () => b.next())).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect(b.failures).toBe(7);
  });

  it('keeps a range whose max is below its min at the max, as the inputs always did', () => {
    const b = new Backoff({ minMs: 10_000, maxMs: 5_000 });
    expect([b.next(), b.next()]).toEqual([5_000, 5_000]);
  });

  it('jitters the forwarder steps between half and the whole step and honours Retry-After', () => {
    const low = new Backoff(DEFAULT_BACKOFF, () => 0);
    const high = new Backoff(DEFAULT_BACKOFF, () => 0.999);
    expect([low.next(), low.next(), low.next()]).toEqual([250, 500, 1_000]);
    expect(high.next()).toBe(499);
    expect(low.next(7_000)).toBe(7_000);
  });

  it('stays finite and at the cap after any number of failures', () => {
    for (const multiplier of [1, 1.5, 2, 10]) {
      const d = backoffDelayMs(Number.MAX_SAFE_INTEGER, { ...DEFAULT_BACKOFF, multiplier, jitter: 'none' });
      expect(d).toBe(multiplier === 1 ? DEFAULT_BACKOFF.initialMs : DEFAULT_BACKOFF.maxMs);
    }
    const b = new Backoff({ minMs: 100, maxMs: 500 });
    for (let i = 0; i < 5_000; i++) b.next();
    expect(b.next()).toBe(500);
  });

  it('refuses settings that would never wait, naming them', () => {
    expect(() => new Backoff({ initialMs: 0, maxMs: 10, multiplier: 2 })).toThrow(/"initialMs":0/);
    expect(() => new Backoff({ initialMs: 10, maxMs: 10, multiplier: 0.5 })).toThrow(/multiplier/);
  });
});
