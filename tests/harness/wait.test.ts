import { describe, expect, it } from 'vitest';
import { assertAlive, GiveUp, startProcess, waitExit, waitFor } from './index.js';

describe('waitFor: waits on a condition with a deadline', () => {
  it('tries a check that throws again until it holds', async () => {
    let calls = 0;
    const v = await waitFor(
      'the third call',
      () => {
        calls++;
        if (calls < 3) throw new Error('not yet');
        return 'done';
      },
      { intervalMs: 1 },
    );
    expect([v, calls]).toEqual(['done', 3]);
  });

  it('fails at the deadline naming what it waited for and the last error', async () => {
    await expect(
      waitFor(
        'a thing that never comes',
        () => {
          throw new Error('refused');
        },
        { timeoutMs: 50, intervalMs: 5 },
      ),
    ).rejects.toThrow('timed out after 50 ms waiting for a thing that never comes: refused');
  });

  it('stops at once on GiveUp: a process that exited is not waited for until the deadline', async () => {
    const p = startProcess('/bin/sh', ['-c', 'echo bye; exit 3']);
    expect(await waitExit(p, 'sh')).toBe(3);
    let calls = 0;
    const started = Date.now();
    const err = (await waitFor(
      'the process to say hello',
      () => {
        calls++;
        assertAlive(p, 'sh');
        return p.output().includes('hello');
      },
      { timeoutMs: 30_000 },
    ).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(GiveUp);
    expect(err.message).toMatch(/^sh exited \(3\):\nbye/);
    expect(calls).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('waitExit fails at its deadline naming a process that does not end', async () => {
    const p = startProcess('/bin/sleep', ['30']);
    try {
      await expect(waitExit(p, 'a sleeper', 100)).rejects.toThrow(
        'timed out after 100 ms waiting for a sleeper to exit',
      );
    } finally {
      await p.stop();
    }
  });
});
