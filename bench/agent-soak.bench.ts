// Does the demo agent's memory settle? The all-in-one demo (real collector, demo agent at about
// one reading per second per device, heartbeat every 30 s) runs for GB_SOAK_MINUTES (default
// 30) while the agent's resident memory (/proc) and V8 heap (its status page) are sampled every
// 30 s. With GB_SOAK_HEAP_SNAPSHOTS=1 the agent writes a heap snapshot a few minutes in and at
// the end, and the bench lists what grew between them. GB_SOAK_SETTINGS=shipped starts the agent
// with the node options and environment on the first line of bin/gongbang-agent.js (default:
// Node's defaults, as `npm start` runs it). Selected by name only (`npm run bench --
// agent-soak`): it is not part of the default run, which it would make half an hour longer.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { shippedSettings } from './agent-bin-settings.js';
import { startDemo } from './agent-demo.js';
import { diffHeapSnapshots } from './heap-diff.js';
import { residentMiB } from './proc.js';

/** Not part of `npm run bench` without arguments (bench/run.ts). */
export const byNameOnly = true;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SAMPLE_MS = 30_000;

/** One sample: minutes since the agent started, memory in MiB. */
interface Sample {
  min: number;
  rss: number;
  anon: number;
  heapUsed: number;
  external: number;
}

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name}=${raw}: expected a positive number of minutes`);
  return n;
}

async function statusMemory(url: string): Promise<{ heapUsed: number; external: number }> {
  const s = (await (await fetch(new URL('status.json', url))).json()) as {
    memory: { heapUsedBytes: number; externalBytes: number };
  };
  return { heapUsed: s.memory.heapUsedBytes / 2 ** 20, external: s.memory.externalBytes / 2 ** 20 };
}

/** Waits until the agent has finished writing its next heap snapshot and returns its path. */
async function snapshot(pid: number, dir: string, known: number): Promise<string> {
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 600; i++) {
    await sleep(500);
    const files = readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot'));
    if (files.length > known) {
      const f = path.join(dir, files.sort()[files.length - 1]!);
      const size = statSync(f).size;
      await sleep(1_000);
      if (size > 0 && statSync(f).size === size) return f;
    }
  }
  throw new Error(`no heap snapshot in ${dir} after 5 minutes`);
}

/** MiB per hour of a least-squares line through the samples. */
function slopePerHour(xs: Sample[], key: 'anon' | 'rss' | 'heapUsed'): number {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x.min, 0) / n;
  const my = xs.reduce((s, x) => s + x[key], 0) / n;
  const num = xs.reduce((s, x) => s + (x.min - mx) * (x[key] - my), 0);
  const den = xs.reduce((s, x) => s + (x.min - mx) ** 2, 0);
  return den === 0 ? 0 : +((num / den) * 60).toFixed(2);
}

export async function run(log: (m: string) => void): Promise<Record<string, unknown>> {
  const minutes = positive('GB_SOAK_MINUTES', 30);
  const snapshots = process.env.GB_SOAK_HEAP_SNAPSHOTS === '1';
  const dir = mkdtempSync(path.join(tmpdir(), 'gb-agent-soak-'));
  const snapDir = path.join(dir, 'snapshots');
  const settings = process.env.GB_SOAK_SETTINGS ?? 'defaults';
  if (settings !== 'shipped' && settings !== 'defaults')
    throw new Error(`GB_SOAK_SETTINGS=${settings}: expected shipped or defaults`);
  const launch = settings === 'shipped' ? shippedSettings() : { nodeArgs: [], env: {} };
  if (snapshots) launch.nodeArgs = [...launch.nodeArgs, '--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapDir}`];
  mkdirSync(snapDir, { recursive: true });
  const demo = await startDemo(dir, launch);
  const pid = demo.agent.child.pid!;
  const t0 = Date.now();
  const samples: Sample[] = [];
  const snapFiles: string[] = [];
  const firstSnapMin = Math.min(3, minutes / 4);
  try {
    while (Date.now() - t0 < minutes * 60_000) {
      await sleep(Math.min(SAMPLE_MS, t0 + minutes * 60_000 - Date.now()) + 1);
      if (demo.agent.child.exitCode !== null) throw new Error(`the agent exited:\n${demo.agent.output()}`);
      const r = residentMiB(pid);
      const m = await statusMemory(demo.statusUrl);
      const s = { min: +((Date.now() - t0) / 60_000).toFixed(2), rss: r.rssMiB, anon: r.anonMiB, ...m };
      samples.push(s);
      log(
        `${s.min.toFixed(1)} min: RSS ${s.rss.toFixed(1)} MiB, RssAnon ${s.anon.toFixed(1)}, heap used ${s.heapUsed.toFixed(1)}, external ${s.external.toFixed(1)}`,
      );
      if (snapshots && snapFiles.length === 0 && s.min >= firstSnapMin) snapFiles.push(await snapshot(pid, snapDir, 0));
    }
    if (snapshots) snapFiles.push(await snapshot(pid, snapDir, snapFiles.length));
  } finally {
    await demo.stop();
  }
  const at = (min: number) => {
    const s = samples.reduce((best, x) => (Math.abs(x.min - min) < Math.abs(best.min - min) ? x : best));
    return {
      min: s.min,
      rssMiB: +s.rss.toFixed(1),
      rssAnonMiB: +s.anon.toFixed(1),
      heapUsedMiB: +s.heapUsed.toFixed(1),
    };
  };
  const half = samples.filter((s) => s.min >= minutes / 2);
  const out: Record<string, unknown> = {
    setup: {
      minutes,
      sampleS: SAMPLE_MS / 1000,
      agent: 'examples/demo-agent.yaml (3 simulated devices, ~3 readings/s, heartbeat 30 s) against the real collector',
      settings,
      agentNodeArgs: launch.nodeArgs.join(' '),
      agentEnv: launch.env,
    },
    marks: [1, 5, 10, 20, 30, 60].filter((m) => m <= minutes + 0.1).map(at),
    secondHalfSlopeMiBPerHour: {
      rssAnon: slopePerHour(half, 'anon'),
      rss: slopePerHour(half, 'rss'),
      heapUsed: slopePerHour(half, 'heapUsed'),
    },
    samples: samples.map((s) => [s.min, +s.anon.toFixed(1), +s.rss.toFixed(1), +s.heapUsed.toFixed(1)]),
    samplesColumns: ['min', 'rssAnonMiB', 'rssMiB', 'heapUsedMiB'],
  };
  if (snapFiles.length === 2) out.heapGrowth = diffHeapSnapshots(snapFiles[0]!, snapFiles[1]!);
  if (process.env.GB_SOAK_KEEP) log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
  return out;
}
