import { describe, expect, it } from 'vitest';
import { CommitPacer } from '../../src/spool/commit-pacer.js';

function clock(start = 1_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms), set: (ms: number) => (t = ms) };
}

describe('CommitPacer', () => {
  it('lets the first commit start at once', () => {
    const c = clock();
    expect(new CommitPacer(5, c.now).delayMs()).toBe(0);
  });

  it('holds the next commit until the gap after the end of the last one', () => {
    const c = clock();
    const p = new CommitPacer(5, c.now);
    p.committed();
    expect(p.delayMs()).toBe(5);
    c.advance(2);
    expect(p.delayMs()).toBe(3);
    c.advance(3);
    expect(p.delayMs()).toBe(0);
  });

  it('commits at once after a quiet spell longer than the gap', () => {
    const c = clock();
    const p = new CommitPacer(10, c.now);
    p.committed();
    c.advance(250);
    expect(p.delayMs()).toBe(0);
  });

  it('bounds a busy spool to about 1,000 / gap commits a second', () => {
    const c = clock();
    const p = new CommitPacer(5, c.now);
    let commits = 0;
    // Readings every 0.25 ms for a second; a commit takes 0.5 ms and starts when the pacer allows.
    let nextCommitAt = 0;
    for (let t = 0; t < 1_000; t += 0.25) {
      c.set(t);
      if (t >= nextCommitAt) {
        c.advance(0.5);
        p.committed();
        commits++;
        nextCommitAt = c.now() + p.delayMs();
      }
    }
    expect(commits).toBeGreaterThanOrEqual(180);
    expect(commits).toBeLessThanOrEqual(200);
  });

  it('never waits longer than the gap when the clock steps back', () => {
    const c = clock(50_000);
    const p = new CommitPacer(5, c.now);
    p.committed();
    c.set(10_000);
    expect(p.delayMs()).toBe(5);
  });

  it('with a gap of 0 never holds a commit', () => {
    const c = clock();
    const p = new CommitPacer(0, c.now);
    p.committed();
    expect(p.delayMs()).toBe(0);
  });

  it('refuses a negative or non-finite gap', () => {
    expect(() => new CommitPacer(-1)).toThrow(/-1/);
    expect(() => new CommitPacer(Number.NaN)).toThrow(/NaN/);
  });
});
