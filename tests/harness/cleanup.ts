/**
 * The list of things a test opened (servers, processes, temp dirs), closed after each test in
 * reverse order. Call once at a test file's top level with vitest's `afterEach`; taking it as a
 * parameter keeps the harness importable by benchmarks, which run outside vitest.
 *
 * Every cleanup runs even when an earlier one fails (an input whose stop() throws must not leave
 * the socat behind it running); the failures are thrown together afterwards.
 */
export function cleanupAfterEach(afterEach: (fn: () => Promise<void>) => void): Array<() => unknown> {
  const list: Array<() => unknown> = [];
  afterEach(async () => {
    const errors: unknown[] = [];
    for (const c of list.splice(0).reverse()) {
      try {
        await c();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} cleanups failed`);
  });
  return list;
}
