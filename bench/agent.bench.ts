// The agent as a real process: resident memory and CPU when idle and at 1,000 readings/s,
// each compared with the idle baseline measured in the same run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { startReceiverProcess } from '../packages/edge-agent/test/support/receiver-process.js';
import { startProcess } from '../tests/harness/util.js';
import { cpuSeconds, residentMiB } from './proc.js';
import { median } from './stats.js';

const BIN = fileURLToPath(new URL('../packages/edge-agent/bin/gongbang-agent.js', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const WARMUP_MS = 5_000;
const WINDOWS = 3;
const WINDOW_MS = 8_000;

async function measure(
  label: string,
  inputs: unknown[],
  receiverUrl: string,
  count: () => Promise<number>,
  log: (m: string) => void,
  nodeOptions = '',
) {
  const dir = mkdtempSync(path.join(tmpdir(), 'gb-agent-bench-'));
  const cfg = path.join(dir, 'agent.yaml');
  writeFileSync(
    cfg,
    stringify({
      agent: { id: 'bench-agent', dataDir: path.join(dir, 'data') },
      collector: { url: receiverUrl, token: 'x' },
      statusPage: { port: 0 },
      log: { level: 'warn' },
      inputs,
    }),
  );
  const agent = startProcess(process.execPath, [BIN, 'run', '--config', cfg], {
    env: { ...process.env, NODE_OPTIONS: nodeOptions },
  });
  try {
    await sleep(WARMUP_MS); // start-up and JIT warm-up
    const pid = agent.child.pid!;
    const cpu: number[] = [];
    const rss: number[] = [];
    const anon: number[] = [];
    const file: number[] = [];
    const rate: number[] = [];
    for (let w = 0; w < WINDOWS; w++) {
      const c0 = cpuSeconds(pid);
      const n0 = await count();
      const t0 = Date.now();
      await sleep(WINDOW_MS);
      const s = (Date.now() - t0) / 1000;
      cpu.push(((cpuSeconds(pid) - c0) / s) * 100);
      const parts = residentMiB(pid);
      rss.push(parts.rssMiB);
      anon.push(parts.anonMiB);
      file.push(parts.fileMiB);
      rate.push(((await count()) - n0) / s);
    }
    const out = {
      cpuPercentOfOneCore: +median(cpu).toFixed(2),
      rssMiB: +median(rss).toFixed(1),
      rssAnonMiB: +median(anon).toFixed(1),
      rssFileMiB: +median(file).toFixed(1),
      deliveredReadingsPerS: Math.round(median(rate)),
      windows: cpu.length,
      windowS: WINDOW_MS / 1000,
    };
    log(
      `${label}: CPU ${out.cpuPercentOfOneCore}% of a core, RSS ${out.rssMiB} MiB (anonymous ${out.rssAnonMiB}, file-backed ${out.rssFileMiB}), delivered ${out.deliveredReadingsPerS}/s`,
    );
    return out;
  } finally {
    await agent.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(log: (m: string) => void): Promise<Record<string, unknown>> {
  const receiver = await startReceiverProcess();
  try {
    const load = [
      {
        id: 'sim-load',
        type: 'simulated',
        ratePerS: 1000,
        channels: [{ id: 'power_w', kind: 'measurement', unit: 'W' }],
      },
    ];
    // Node's default young generation (up to 32 MiB of semi-spaces) dominates the RSS of a small
    // process; the documented deployment setting caps it (docs/agent.md).
    const TUNED = '--max-semi-space-size=2';
    const idle = await measure('idle', [], receiver.url, receiver.count, log);
    const busy = await measure('1,000 readings/s', load, receiver.url, receiver.count, log);
    const idleT = await measure(`idle, NODE_OPTIONS=${TUNED}`, [], receiver.url, receiver.count, log, TUNED);
    const busyT = await measure(
      `1,000 readings/s, NODE_OPTIONS=${TUNED}`,
      load,
      receiver.url,
      receiver.count,
      log,
      TUNED,
    );
    return {
      targets: {
        idleCpuPercent: 1,
        rssMiB: 90,
        meetsTargets: idle.cpuPercentOfOneCore < 1 && idle.rssMiB <= 90 && busy.rssMiB <= 90,
      },
      nodeDefaults: { idle, at1000ReadingsPerS: busy },
      [`nodeOptions ${TUNED}`]: { idle: idleT, at1000ReadingsPerS: busyT },
      ratios: {
        busyOverIdleCpu: +(busy.cpuPercentOfOneCore / Math.max(idle.cpuPercentOfOneCore, 0.01)).toFixed(1),
        busyOverIdleRss: +(busy.rssMiB / idle.rssMiB).toFixed(2),
        tunedOverDefaultRssIdle: +(idleT.rssMiB / idle.rssMiB).toFixed(2),
        tunedOverDefaultRssBusy: +(busyT.rssMiB / busy.rssMiB).toFixed(2),
        tunedOverDefaultCpuBusy: +(busyT.cpuPercentOfOneCore / busy.cpuPercentOfOneCore).toFixed(2),
      },
    };
  } finally {
    await receiver.stop();
  }
}
