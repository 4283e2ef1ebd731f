import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ManagedProcess, startProcess, tempDir, waitFor } from '@gongbang/harness';
import { afterAll, beforeAll } from 'vitest';
import { Registry } from '../../packages/collector/src/compose/index.js';
import { seed, TEST_REGISTRY_OPTIONS } from '../../packages/collector/test/integration/registry-fixtures.js';

export const COLLECTOR_BIN = fileURLToPath(
  new URL('../../packages/collector/bin/gongbang-collector.js', import.meta.url),
);

/** `gongbang-collector serve …` as a real process (needs the built dist). */
export function startCollector(args: string[], cwd?: string): ManagedProcess {
  return startProcess(process.execPath, [COLLECTOR_BIN, 'serve', ...args], { cwd });
}

/** The URL the collector printed once it listens; fails with its output when it exits first. */
export async function collectorUrl(p: ManagedProcess): Promise<string> {
  return await waitFor(
    'the collector to listen',
    () => {
      if (p.child.exitCode !== null) throw new Error(`collector exited ${p.child.exitCode}:\n${p.output()}`);
      return /collector listening on (http:\/\/\S+)/.exec(p.output())?.[1];
    },
    { timeoutMs: 30_000 },
  );
}

/** Writes collector.yaml (JSON is YAML) into `dir`; returns its path. */
export function writeCollectorConfig(dir: string, config: Record<string, unknown>): string {
  const file = path.join(dir, 'collector.yaml');
  writeFileSync(file, JSON.stringify({ dataDir: path.join(dir, 'collector-data'), server: { port: 0 }, ...config }));
  return file;
}

/** SIGTERM and wait; returns the exit code. */
export async function stopGracefully(p: ManagedProcess): Promise<number | null> {
  if (p.child.exitCode !== null) return p.child.exitCode;
  const gone = new Promise<void>((r) => p.child.once('exit', () => r()));
  p.child.kill('SIGTERM');
  await gone;
  return p.child.exitCode;
}

/**
 * A JSON caller of the collector API with a bearer token. Both are read at call time, since
 * tests learn them in `beforeAll`.
 */
export function bearerJson(baseUrl: () => string, token: () => string) {
  return async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${baseUrl()}${p}`, {
      method,
      headers: {
        authorization: `Bearer ${token()}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    // biome-ignore lint/suspicious/noExplicitAny: test bodies are read field by field
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
}

/**
 * `serve` on the embedded stores in a temp dir, its registry seeded first with the test world
 * of registry-fixtures (workshops, a user and token per role, agents).
 */
export async function startSeededCollector(prefix: string) {
  const dir = await tempDir(prefix);
  const file = writeCollectorConfig(dir.dir, { log: { level: 'warn' } });
  // Seed the embedded registry before the collector opens it.
  const registry = new Registry({
    ...TEST_REGISTRY_OPTIONS,
    location: { kind: 'sqlite', file: path.join(dir.dir, 'collector-data', 'registry.db') },
  });
  await registry.start();
  const world = await seed(registry);
  await registry.stop();
  const collector = startCollector(['--config', file], dir.dir);
  const url = await collectorUrl(collector);
  return {
    dir: dir.dir,
    collector,
    url,
    world,
    close: async () => {
      await collector.stop();
      await dir.remove();
    },
  };
}

/**
 * startSeededCollector for a whole describe block: started in beforeAll, closed in afterAll
 * (after the suite's own afterAll hooks, such as stopping an agent). Read its fields in tests.
 */
export function seededCollectorForSuite(prefix: string): Awaited<ReturnType<typeof startSeededCollector>> {
  const server = {} as Awaited<ReturnType<typeof startSeededCollector>>;
  beforeAll(async () => {
    Object.assign(server, await startSeededCollector(prefix));
  });
  afterAll(async () => {
    await server.close?.();
  });
  return server;
}
