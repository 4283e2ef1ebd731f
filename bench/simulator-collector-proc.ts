// The simulator benchmarks' collector: bench/simulator-collector.ts in a process of its own,
// and what its /metrics says of the KPI engine.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../tests/harness/index.js';

const COLLECTOR_MAIN = fileURLToPath(new URL('./simulator-collector.ts', import.meta.url));

export interface Collector {
  url: string;
  /** Its data dir (registry.db, readings.db). */
  dir: string;
  token: string;
  pid: number;
  close: () => Promise<void>;
}

/** A collector process (bench/simulator-collector.ts) in a temp dir; `kpi` off for the ingest-alone runs. */
export async function startCollector(kpi: 'on' | 'off'): Promise<Collector> {
  const tmp = await tempDir('gongbang-bench-collector-');
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', COLLECTOR_MAIN, '--dir', tmp.dir, '--kpi', kpi],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (l) => resolve(l));
    child.once('exit', (code) => reject(new Error(`bench collector exited (${code}) before listening`)));
  });
  const { url, token } = JSON.parse(first) as { url: string; token: string };
  return {
    url,
    dir: tmp.dir,
    token,
    pid: child.pid!,
    close: async () => {
      child.kill('SIGTERM');
      await exited;
      await tmp.remove();
    },
  };
}

/** A number on the collector's /metrics. */
export async function gauge(c: Collector, name: string): Promise<number> {
  const text = await (await fetch(`${c.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`${name} is not on /metrics`);
  return Number(line.split(' ')[1]);
}

/** Resolves when the KPI engine has no marked day left (looked at every 250 ms; `limitMin` at most). */
export async function kpisSettled(c: Collector, limitMin = 30): Promise<void> {
  const deadline = Date.now() + limitMin * 60_000;
  while ((await gauge(c, 'gongbang_kpi_days_marked')) > 0) {
    if (Date.now() > deadline) throw new Error(`the KPI engine did not settle within ${limitMin} minutes`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
