/**
 * The list of things a test opened (servers, processes, temp dirs), closed after each test in
 * reverse order. Call once at a test file's top level with vitest's `afterEach`; taking it as a
 * parameter keeps the harness importable by benchmarks, which run outside vitest.
 */
export function cleanupAfterEach(afterEach: (fn: () => Promise<void>) => void): Array<() => unknown> {
  const list: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of list.splice(0).reverse()) await c();
  });
  return list;
}
