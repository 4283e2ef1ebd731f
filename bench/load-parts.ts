// Parts of the load benchmark: the collector as its own process, a load-generator process
// (bench/load-fleet.ts) behind a request/answer helper, and a once-a-second sampler of the
// collector's CPU share and resident memory.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from '../tests/harness/index.js';
import type { FleetCommand, FleetReply } from './load-fleet.js';
import { cpuSeconds, residentMiB } from './proc.js';
import { median, quantile } from './stats.js';

const BIN = fileURLToPath(new URL('../packages/collector/bin/gongbang-collector.js', import.meta.url));
const FLEET = fileURLToPath(new URL('./load-fleet.ts', import.meta.url));

export interface AgentEntry {
  id: string;
  workshop: string;
  token: string;
}

/** `gongbang-collector serve` with a config in `dir`: the agents in `agents:`, the given store. */
export async function startCollectorProcess(dir: string, store: Record<string, unknown>, agents: AgentEntry[]) {
  const port = await freePort();
  const dataDir = path.join(dir, `data-${port}`);
  const file = path.join(dir, `collector-${port}.yaml`);
  // JSON is YAML.
  await writeFile(file, JSON.stringify({ dataDir, server: { port }, store, agents, log: { level: 'warn' } }));
  const child = spawn(process.execPath, [BIN, 'serve', '--config', file], { stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  await waitFor('collector /readyz', async () => (await fetch(`${url}/readyz`)).ok, { timeoutMs: 30_000 });
  return {
    url,
    pid: child.pid!,
    dataDir,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A load-generator process; `ask` sends a command and resolves with its answer. */
export class FleetProcess {
  private readonly child: ChildProcess;
  private pending: { resolve: (r: FleetReply) => void; reject: (e: Error) => void } | undefined;

  constructor(readonly name: string) {
    this.child = fork(FLEET, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (m: FleetReply) => {
      const p = this.pending;
      this.pending = undefined;
      if (m.cmd === 'error') p?.reject(new Error(`${name}: ${m.message}`));
      else p?.resolve(m);
    });
    this.child.on('exit', (code) => {
      this.pending?.reject(new Error(`${name} exited (${code}) before answering`));
      this.pending = undefined;
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  ask<C extends FleetReply['cmd']>(m: FleetCommand): Promise<Extract<FleetReply, { cmd: C }>> {
    if (this.pending) throw new Error(`${this.name}: a command is still running`);
    return new Promise((resolve, reject) => {
      this.pending = { resolve: resolve as (r: FleetReply) => void, reject };
      this.child.send(m);
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}

/** One sample of a process: UTC ms, CPU share of one core over the last second, RSS MiB. */
export interface ProcSample {
  at: number;
  cpuShare: number;
  rssMiB: number;
}

/** Samples a process every second from /proc; `progress` is called every `everyS` samples. */
export function sampleProcess(pid: number, progress?: (s: ProcSample) => void, everyS = 10) {
  const samples: ProcSample[] = [];
  let lastCpu = cpuSeconds(pid);
  let lastT = performance.now();
  const timer = setInterval(() => {
    try {
      const cpu = cpuSeconds(pid);
      const t = performance.now();
      const s = { at: Date.now(), cpuShare: (cpu - lastCpu) / ((t - lastT) / 1000), rssMiB: residentMiB(pid).rssMiB };
      lastCpu = cpu;
      lastT = t;
      samples.push(s);
      if (progress && samples.length % everyS === 0) progress(s);
    } catch {
      // The process ended between two samples.
    }
  }, 1000);
  return {
    samples,
    stop: () => clearInterval(timer),
  };
}

/** Median and max CPU share and RSS of the samples taken in [from, to]. */
export function procSummary(samples: ProcSample[], from: number, to: number) {
  const xs = samples.filter((s) => s.at >= from && s.at <= to);
  if (xs.length === 0) return null;
  const cpu = xs.map((s) => s.cpuShare);
  const rss = xs.map((s) => s.rssMiB);
  return {
    samples: xs.length,
    cpuShareMedian: +median(cpu).toFixed(3),
    cpuShareMax: +Math.max(...cpu).toFixed(3),
    rssMiBMedian: +median(rss).toFixed(1),
    rssMiBMax: +Math.max(...rss).toFixed(1),
  };
}

/** Latency (ms) quantiles and readings/s of the exchanges sent in [from, to]. */
export function exchangeSummary(
  exchanges: Array<[number, number, number, number]>,
  from: number,
  to: number,
  which: (surge: boolean) => boolean = () => true,
) {
  const xs = exchanges.filter(([at, , , surge]) => at >= from && at <= to && which(surge === 1));
  if (xs.length === 0) return null;
  const ms = xs.map(([, m]) => m);
  const readings = xs.reduce((s, [, , n]) => s + n, 0);
  return {
    requests: xs.length,
    readings,
    readingsPerS: +(readings / ((to - from) / 1000)).toFixed(1),
    p50Ms: +quantile(ms, 0.5).toFixed(2),
    p99Ms: +quantile(ms, 0.99).toFixed(2),
    maxMs: +Math.max(...ms).toFixed(2),
  };
}
