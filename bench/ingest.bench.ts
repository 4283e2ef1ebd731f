// Ingest throughput through the collector (a real `gongbang-collector serve` process) into
// (a) the embedded SqliteStore and (b) InfluxDB 1.6, from several concurrent clients sending
// 1,000-reading gzip batches; and, in the same run, the identical line protocol written
// straight to the same InfluxDB, so the collector's share of the cost shows as a ratio. The
// InfluxDB comparison runs twice: every process sharing both cores, and InfluxDB on a core of
// its own with the collector and the clients on the other (the target is judged on the latter).
import { execFileSync, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { checkReadings, readingsToLines, readingToPoint, toLine } from '@gongbang/collector';
import type { Batch, Reading } from '@gongbang/shared';
import { freePort, startInfluxDB, tempDir, waitFor } from '../tests/harness/index.js';
import { cpuSeconds } from './proc.js';
import { median, quantile } from './stats.js';

const BATCH = 1000;
const CLIENTS = 8;
const BATCHES_PER_RUN = 160; // 160,000 readings per run
const RUNS = 7;
const BIN = fileURLToPath(new URL('../packages/collector/bin/gongbang-collector.js', import.meta.url));
const token = (c: number) => `bench-agent-${c}-token-0123456789`;

/** A realistic mix: mostly measurements, some counts, machine states and scans. */
function reading(seq: number, ts: number): Reading {
  const base = { seq, ts, timeSource: 'device' as const };
  switch (seq % 10) {
    case 0:
      return { ...base, source: 'sewing-3', kind: 'count', channel: 'pieces', delta: 1, total: seq };
    case 1:
      return {
        ...base,
        source: 'meter-1',
        kind: 'machine_state',
        machine: 'press-1',
        state: 'running',
        reason: 'threshold',
        channel: 'power_w',
      };
    case 2:
      return {
        ...base,
        source: 'scanner-1',
        kind: 'scan',
        text: `WO-2026-${seq}`,
        raw: Buffer.from(`WO-2026-${seq}\r`).toString('base64'),
        encoding: 'ascii',
        symbology: { aim: ']C0', name: 'code128' },
        gs1: null,
        meaning: 'work_order',
        rule: 'wo',
        fields: { order: `WO-2026-${seq}` },
        flags: [],
      };
    default:
      return {
        ...base,
        source: 'meter-1',
        kind: 'measurement',
        channel: 'power_w',
        value: (seq % 2400) + 0.5,
        unit: 'W',
      };
  }
}

interface Load {
  /** Per client: its batches, as gzip JSON for the collector and as line protocol for the direct write. */
  gz: Buffer[][];
  lp: string[][];
}

/** Batches for one run; seqs continue from `seq0` so every run stores new readings. */
function makeLoad(seq0: number): Load {
  const gz: Buffer[][] = [];
  const lp: string[][] = [];
  const now = Date.now();
  for (let c = 0; c < CLIENTS; c++) {
    gz.push([]);
    lp.push([]);
    for (let b = 0; b < BATCHES_PER_RUN / CLIENTS; b++) {
      const first = seq0 + b * BATCH + 1;
      const readings = Array.from({ length: BATCH }, (_, i) => reading(first + i, now - 600_000 + b * BATCH + i));
      const batch: Batch = {
        v: 1,
        agentId: `bench-${c}`,
        batchId: `r${seq0}-${b}`,
        firstSeq: first,
        lastSeq: first + BATCH - 1,
        sentAt: now,
        readings,
      };
      gz[c]!.push(gzipSync(JSON.stringify(batch)));
      lp[c]!.push(readings.map((r) => toLine(readingToPoint('ws-bench', `bench-${c}`, r))).join('\n'));
    }
  }
  return { gz, lp };
}

interface RunResult {
  readingsPerS: number;
  latenciesMs: number[];
  /** CPU time per reading, µs, of each watched process (and `clients`, this process). */
  cpuUsPerReading: Record<string, number>;
}

const selfCpuS = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Sends every client's requests one after another, the clients concurrently. */
async function drive(
  requests: Array<Array<() => Promise<Response>>>,
  watch: Record<string, number> = {},
): Promise<RunResult> {
  const latenciesMs: number[] = [];
  const cpu0 = Object.fromEntries(Object.entries(watch).map(([k, pid]) => [k, cpuSeconds(pid)]));
  const self0 = selfCpuS();
  const t0 = performance.now();
  await Promise.all(
    requests.map(async (list) => {
      for (const send of list) {
        const s = performance.now();
        const r = await send();
        await r.arrayBuffer();
        if (r.status >= 300) throw new Error(`HTTP ${r.status}`);
        latenciesMs.push(performance.now() - s);
      }
    }),
  );
  const s = (performance.now() - t0) / 1000;
  const n = BATCHES_PER_RUN * BATCH;
  const perReading = (cpuS: number) => +((cpuS * 1e6) / n).toFixed(2);
  const cpuUsPerReading: Record<string, number> = { clients: perReading(selfCpuS() - self0) };
  for (const [k, pid] of Object.entries(watch)) cpuUsPerReading[k] = perReading(cpuSeconds(pid) - cpu0[k]!);
  return { readingsPerS: n / s, latenciesMs, cpuUsPerReading };
}

const ALL_CPUS = `0-${os.cpus().length - 1}`;

/** Moves this process (every thread) to the given CPUs. */
function pinSelf(cpus: string): void {
  execFileSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' });
}

async function startCollector(dir: string, store: Record<string, unknown>, cpus?: string) {
  const port = await freePort();
  const file = path.join(dir, `collector-${port}.yaml`);
  const agents = Array.from({ length: CLIENTS }, (_, c) => ({
    id: `bench-${c}`,
    workshop: 'ws-bench',
    token: token(c),
  }));
  await writeFile(
    file,
    JSON.stringify({
      dataDir: path.join(dir, `data-${port}`),
      server: { port },
      store,
      agents,
      ingest: { rateLimitMax: 1e6 },
      log: { level: 'warn' },
    }),
  );
  // GB_CPU_PROF=DIR writes a V8 CPU profile of each collector process there (NODE_OPTIONS may not carry --cpu-prof).
  const prof = process.env.GB_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.GB_CPU_PROF}`] : [];
  const argv = [...prof, BIN, 'serve', '--config', file];
  const child = spawn(cpus ? 'taskset' : process.execPath, cpus ? ['-c', cpus, process.execPath, ...argv] : argv, {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor('collector /readyz', async () => (await fetch(`${url}/readyz`)).ok, { timeoutMs: 30_000 });
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const toCollector = (url: string, load: Load) =>
  load.gz.map((list, c) =>
    list.map(
      (body) => () =>
        fetch(`${url}/api/v1/ingest`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token(c)}`,
            'content-type': 'application/json',
            'content-encoding': 'gzip',
          },
          body,
        }),
    ),
  );

const summary = (runs: RunResult[]) => ({
  cpuUsPerReading: Object.fromEntries(
    Object.keys(runs[0]?.cpuUsPerReading ?? {}).map((k) => [k, median(runs.map((r) => r.cpuUsPerReading[k]!))]),
  ),
  readingsPerS: Math.round(median(runs.map((r) => r.readingsPerS))),
  runs: runs.map((r) => Math.round(r.readingsPerS)),
  batchP50Ms: +median(runs.map((r) => quantile(r.latenciesMs, 0.5))).toFixed(2),
  batchP99Ms: +median(runs.map((r) => quantile(r.latenciesMs, 0.99))).toFixed(2),
});

/**
 * What the collector's main steps cost per reading on one 1,000-reading batch, in this process:
 * medians of 9 rounds of 200 repetitions (after a warm-up), µs per reading.
 */
function stepCosts(): Record<string, number> {
  const load = makeLoad(0);
  const gz = load.gz[0]![0]!;
  const text = gunzipSync(gz).toString('utf8');
  const body = JSON.parse(text);
  const window = { notBeforeMs: 0, notAfterMs: Date.now() + 86_400_000 };
  const checked = checkReadings(body, window);
  if (!checked.ok || checked.accepted.length !== BATCH) throw new Error('the benchmark batch does not pass the checks');
  const accepted = checked.accepted;
  const steps: Record<string, () => unknown> = {
    gunzip: () => gunzipSync(gz),
    decodeUtf8: () => gunzipSync(gz).toString('utf8'),
    jsonParse: () => JSON.parse(text),
    checkReadings: () => checkReadings(body, window),
    lineProtocol: () => Buffer.from(readingsToLines('ws-bench', 'bench-0', accepted)),
  };
  const out: Record<string, number> = {};
  for (const [name, fn] of Object.entries(steps)) {
    for (let i = 0; i < 100; i++) fn();
    const rounds: number[] = [];
    for (let r = 0; r < 9; r++) {
      const t = performance.now();
      for (let i = 0; i < 200; i++) fn();
      rounds.push(((performance.now() - t) * 1000) / 200 / BATCH);
    }
    out[name] = +median(rounds).toFixed(3);
  }
  // decodeUtf8 includes the gunzip it follows.
  out.decodeUtf8 = +(out.decodeUtf8! - out.gunzip!).toFixed(3);
  return out;
}

interface InfluxPass {
  via: ReturnType<typeof summary>;
  direct: ReturnType<typeof summary>;
  ratio: number;
  medianOfPairedRuns: number;
}

/**
 * Direct writes of the line protocol against writes through the collector, each collector run
 * right after its direct run. `pinned`: InfluxDB runs on CPU 0 alone, the collector and this
 * process (the clients) on CPU 1, so InfluxDB has the same CPU in both measurements.
 */
async function influxPass(
  dir: string,
  next: () => Load,
  pinned: boolean,
  log: (msg: string) => void,
): Promise<InfluxPass> {
  const label = pinned ? 'influx pinned' : 'influx shared';
  const influx = await startInfluxDB(pinned ? { cpus: '0' } : {});
  if (pinned) pinSelf('1');
  try {
    await influx.createDatabase('gongbang');
    const influxPid = influx.process.child.pid!;
    const coll = await startCollector(
      dir,
      { type: 'influxdb', url: influx.url, api: 'v1', database: 'gongbang' },
      pinned ? '1' : undefined,
    );
    const viaRuns: RunResult[] = [];
    const directRuns: RunResult[] = [];
    try {
      const direct = (load: Load) =>
        load.lp.map((list) =>
          list.map(
            (body) => () =>
              fetch(`${influx.url}/write?db=gongbang&precision=ns`, {
                method: 'POST',
                headers: { 'content-type': 'text/plain; charset=utf-8' },
                body,
              }),
          ),
        );
      await drive(direct(next()));
      await drive(toCollector(coll.url, next()));
      for (let i = 0; i < RUNS; i++) {
        directRuns.push(await drive(direct(next()), { influxd: influxPid }));
        viaRuns.push(await drive(toCollector(coll.url, next()), { collector: coll.pid, influxd: influxPid }));
        log(
          `${label} run ${i + 1}: direct ${Math.round(directRuns[i]!.readingsPerS)}, via collector ${Math.round(viaRuns[i]!.readingsPerS)} readings/s; CPU µs/reading direct ${JSON.stringify(directRuns[i]!.cpuUsPerReading)}, via ${JSON.stringify(viaRuns[i]!.cpuUsPerReading)}`,
        );
      }
    } finally {
      await coll.stop();
    }
    const via = summary(viaRuns);
    const direct = summary(directRuns);
    return {
      via,
      direct,
      ratio: +(via.readingsPerS / direct.readingsPerS).toFixed(3),
      // Each collector run follows its direct run: the ratio within a pair is less exposed to load drifting over time.
      medianOfPairedRuns: +median(viaRuns.map((v, i) => v.readingsPerS / directRuns[i]!.readingsPerS)).toFixed(3),
    };
  } finally {
    if (pinned) pinSelf(ALL_CPUS);
    await influx.close();
  }
}

export async function run(log: (msg: string) => void): Promise<Record<string, unknown>> {
  const tmp = await tempDir('gb-bench-ingest-');
  let seq = 0;
  const next = () => {
    const load = makeLoad(seq);
    seq += BATCHES_PER_RUN * BATCH;
    return load;
  };
  try {
    const steps = stepCosts();
    log(`collector steps, µs per reading: ${JSON.stringify(steps)}`);
    // (a) SqliteStore at its default synchronous=FULL, and at NORMAL for comparison in the same run.
    const sqliteAt = async (synchronous: 'full' | 'normal') => {
      const sqlite = await startCollector(tmp.dir, { type: 'sqlite', synchronous });
      const runs: RunResult[] = [];
      try {
        await drive(toCollector(sqlite.url, next())); // warm-up
        for (let i = 0; i < RUNS; i++) {
          runs.push(await drive(toCollector(sqlite.url, next()), { collector: sqlite.pid }));
          log(
            `sqlite ${synchronous} run ${i + 1}: ${Math.round(runs[i]!.readingsPerS)} readings/s, CPU µs/reading ${JSON.stringify(runs[i]!.cpuUsPerReading)}`,
          );
        }
      } finally {
        await sqlite.stop();
      }
      return runs;
    };
    const sqliteS = summary(await sqliteAt('full'));
    const sqliteNormal = summary(await sqliteAt('normal'));
    // (b) InfluxDB 1.6 through the collector (api v1), against the direct write of the same line protocol:
    // once with every process free to use both cores, once with InfluxDB on a core of its own.
    const shared = await influxPass(tmp.dir, next, false, log);
    if (os.cpus().length < 2) throw new Error('the ingest benchmark needs 2 CPUs: InfluxDB is given one of its own');
    const pinned = await influxPass(tmp.dir, next, true, log);
    log(
      `sqlite FULL ${sqliteS.readingsPerS}/s (target >= 150000), NORMAL ${sqliteNormal.readingsPerS}/s; influx via collector / direct: InfluxDB on its own core ${pinned.via.readingsPerS}/${pinned.direct.readingsPerS} = ${pinned.ratio} (paired ${pinned.medianOfPairedRuns}; target >= 0.8), all sharing both cores ${shared.via.readingsPerS}/${shared.direct.readingsPerS} = ${shared.ratio}`,
    );
    return {
      setup: {
        batchReadings: BATCH,
        clients: CLIENTS,
        readingsPerRun: BATCHES_PER_RUN * BATCH,
        runs: RUNS,
        gzip: true,
        influxdb: '1.6 (Debian), collector api v1',
        collector: 'separate process',
        cpuUsPerReading: 'CPU time (user + system, all threads) per reading stored, from /proc; clients = this process',
        influxPinned:
          'InfluxDB on CPU 0 alone (taskset), the collector and the clients on CPU 1: InfluxDB has the same CPU in the direct and the collector measurement, and the ratio says whether the collector keeps up with what InfluxDB can take',
        influxSharedCpu:
          "every process on both cores: the ratio is then mostly the share of the machine's CPU the collector takes from InfluxDB",
      },
      collectorStepsUsPerReading: steps,
      sqliteStore: {
        synchronous: 'full',
        ...sqliteS,
        target: 150_000,
        meetsTarget: sqliteS.readingsPerS >= 150_000,
      },
      sqliteStoreNormal: {
        synchronous: 'normal',
        ...sqliteNormal,
        ratioToFull: +(sqliteNormal.readingsPerS / sqliteS.readingsPerS).toFixed(3),
      },
      influxViaCollector: pinned.via,
      influxDirectLineProtocol: pinned.direct,
      influxRatio: {
        value: pinned.ratio,
        medianOfPairedRuns: pinned.medianOfPairedRuns,
        target: 0.8,
        meetsTarget: pinned.ratio >= 0.8,
      },
      influxSharedCpu: {
        viaCollector: shared.via,
        directLineProtocol: shared.direct,
        ratio: shared.ratio,
        medianOfPairedRuns: shared.medianOfPairedRuns,
      },
    };
  } finally {
    await tmp.remove();
  }
}
