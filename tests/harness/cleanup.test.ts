import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from './cleanup.js';

/** cleanupAfterEach with the hook captured instead of registered, so a test can run it. */
function captured() {
  let hook: (() => Promise<void>) | undefined;
  const list = cleanupAfterEach((fn) => {
    hook = fn;
  });
  return { list, run: () => hook!() };
}

describe('cleanupAfterEach', () => {
  it('closes in reverse order', async () => {
    const { list, run } = captured();
    const order: string[] = [];
    list.push(
      () => order.push('pty'),
      () => order.push('input'),
    );
    await run();
    expect(order).toEqual(['input', 'pty']);
    expect(list).toEqual([]);
  });

  it('runs every cleanup when one fails, then throws that failure', async () => {
    const { list, run } = captured();
    const order: string[] = [];
    const boom = new Error('input stop failed');
    list.push(
      () => order.push('pty'),
      () => {
        throw boom;
      },
      async () => order.push('fd'),
    );
    await expect(run()).rejects.toBe(boom);
    expect(order).toEqual(['fd', 'pty']);
  });

  it('throws all failures together when several fail', async () => {
    const { list, run } = captured();
    list.push(
      () => Promise.reject(new Error('a')),
      () => Promise.reject(new Error('b')),
    );
    const err = await run().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AggregateError);
    expect((err as AggregateError).errors.map((e: Error) => e.message)).toEqual(['b', 'a']);
  });
});
