// One agent process against the receiver: CPU, resident memory and delivery over a few
// windows after a warm-up, with heartbeats (and their remote-config pull) every 5 s.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import type { ReceiverProcess } from '../packages/edge-agent/test/support/receiver-process.js';
import { startProcess } from '../tests/harness/util.js';
import { observedSettings } from './agent-bin-settings.js';
import { cpuSeconds, residentMiB } from './proc.js';
import { median } from './stats.js';

const BIN = fileURLToPath(new URL('../packages/edge-agent/bin/gongbang-agent.js', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const WARMUP_MS = 5_000;
const WINDOWS = 3;
const WINDOW_MS = 8_000;
/** A heartbeat every 5 s: at least three fall inside the measured windows (the default is 60 s). */
export const BENCH_HEARTBEAT = '*/5 * * * * *';

/** What one measurement gives. */
export interface AgentFigures {
  cpuPercentOfOneCore: number;
  rssMiB: number;
  rssAnonMiB: number;
  rssFileMiB: number;
  /** What the process was started with, from /proc: node's options and MALLOC_ARENA_MAX. */
  observed: { nodeArgs: string[]; mallocArenaMax: string | null };
  deliveredReadingsPerS: number;
  /** Ingest requests the agent made per second (a batch follows each commit when the forwarder is idle). */
  batchesPerS: number;
  heartbeatsInWindows: number;
  windows: number;
  windowS: number;
}

/**
 * How the agent process is started: `binary` executes bin/gongbang-agent.js itself (as npm's
 * bin link, PATH or the systemd unit do, so its first line's settings apply); otherwise
 * `node [nodeArgs] bin/gongbang-agent.js`. `spool` is merged into the config's spool section.
 */
export interface Launch {
  binary?: boolean;
  nodeArgs: string[];
  env: Record<string, string>;
  spool?: Record<string, unknown>;
}

export async function measureAgent(
  label: string,
  inputs: unknown[],
  receiver: ReceiverProcess,
  launch: Launch,
  log: (m: string) => void,
): Promise<AgentFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gb-agent-bench-'));
  const cfg = path.join(dir, 'agent.yaml');
  writeFileSync(
    cfg,
    stringify({
      agent: { id: 'bench-agent', dataDir: path.join(dir, 'data') },
      collector: { url: receiver.url, token: 'x' },
      statusPage: { port: 0 },
      log: { level: 'warn' },
      jobs: { heartbeat: BENCH_HEARTBEAT },
      ...(launch.spool ? { spool: launch.spool } : {}),
      inputs,
    }),
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // env(1) on the binary's first line finds this node first, as a user's PATH finds theirs.
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
    NODE_OPTIONS: '',
    ...launch.env,
  };
  // Only what the launch itself sets counts.
  if (!('MALLOC_ARENA_MAX' in launch.env)) delete env.MALLOC_ARENA_MAX;
  const agent = launch.binary
    ? startProcess(BIN, ['run', '--config', cfg], { env })
    : startProcess(process.execPath, [...launch.nodeArgs, BIN, 'run', '--config', cfg], { env });
  try {
    await sleep(WARMUP_MS); // start-up and JIT warm-up
    const pid = agent.child.pid!;
    const observed = observedSettings(pid);
    const cpu: number[] = [];
    const rss: number[] = [];
    const anon: number[] = [];
    const file: number[] = [];
    const rate: number[] = [];
    const batchRate: number[] = [];
    const hb0 = await receiver.heartbeats();
    for (let w = 0; w < WINDOWS; w++) {
      const c0 = cpuSeconds(pid);
      const n0 = await receiver.count();
      const b0 = await receiver.batches();
      const t0 = Date.now();
      await sleep(WINDOW_MS);
      const s = (Date.now() - t0) / 1000;
      cpu.push(((cpuSeconds(pid) - c0) / s) * 100);
      const parts = residentMiB(pid);
      rss.push(parts.rssMiB);
      anon.push(parts.anonMiB);
      file.push(parts.fileMiB);
      rate.push(((await receiver.count()) - n0) / s);
      batchRate.push(((await receiver.batches()) - b0) / s);
    }
    const heartbeats = (await receiver.heartbeats()) - hb0;
    if (heartbeats < 3) throw new Error(`${label}: only ${heartbeats} heartbeats in the windows:\n${agent.output()}`);
    const out: AgentFigures = {
      cpuPercentOfOneCore: +median(cpu).toFixed(2),
      rssMiB: +median(rss).toFixed(1),
      rssAnonMiB: +median(anon).toFixed(1),
      rssFileMiB: +median(file).toFixed(1),
      observed,
      deliveredReadingsPerS: Math.round(median(rate)),
      batchesPerS: +median(batchRate).toFixed(1),
      heartbeatsInWindows: heartbeats,
      windows: cpu.length,
      windowS: WINDOW_MS / 1000,
    };
    log(
      `${label}: CPU ${out.cpuPercentOfOneCore}% of a core, RSS ${out.rssMiB} MiB (anonymous ${out.rssAnonMiB}, file-backed ${out.rssFileMiB}), delivered ${out.deliveredReadingsPerS}/s in ${out.batchesPerS} batches/s, ${heartbeats} heartbeats`,
    );
    return out;
  } finally {
    await agent.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
