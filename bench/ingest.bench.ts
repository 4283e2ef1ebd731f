// Ingest throughput through the collector (a real `gongbang-collector serve` process) into
// (a) the embedded SqliteStore and (b) InfluxDB 1.6, from several concurrent clients sending
// 1,000-reading gzip batches; and, in the same run, the identical line protocol written
// straight to the same InfluxDB, so the collector's share of the cost shows as a ratio. The
// SQLite store is compared with the raw better-sqlite3 insert of the same rows. The
// InfluxDB comparison runs twice: every process sharing both cores, and InfluxDB on a core of
// its own with the collector and the clients on the other (the target is judged on the latter).
import { execFileSync, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startInfluxDB, tempDir, waitFor } from '../tests/harness/index.js';
import { envInt } from './env.js';
import { LoadClient } from './http-load.js';
import { BATCH, BATCHES_PER_RUN, CLIENTS, type Load, makeLoad, stepCosts } from './ingest-load.js';
import {
  commitBuckets,
  commitSizesBetween,
  meanCommitBatches,
  openRawSqlite,
  transactionPlan,
} from './ingest-raw-sqlite.js';
import { cpuSeconds } from './proc.js';
import { median, quantile } from './stats.js';

// GB_INGEST_RUNS sets the pairs per part (default 7); GB_INGEST_PARTS names the parts to run
// (sqlite-full, sqlite-normal, influx-shared, influx-pinned; default all) for a quicker try or a
// profile of one path. Write partial runs elsewhere (`--out`).
const RUNS = envInt('GB_INGEST_RUNS', 7);
const PARTS = ['sqlite-full', 'sqlite-normal', 'influx-shared', 'influx-pinned', 'influx-pinned-16'] as const;
/** Clients of the second pinned InfluxDB pass: a collector serving many agents has more batches in flight. */
const MORE_CLIENTS = 16;
const parts = new Set((process.env.GB_INGEST_PARTS ?? PARTS.join(',')).split(',').map((p) => p.trim()));
for (const p of parts) {
  if (!(PARTS as readonly string[]).includes(p))
    throw new Error(`GB_INGEST_PARTS: ${p} is not one of ${PARTS.join(', ')}`);
}
const BIN = fileURLToPath(new URL('../packages/collector/bin/gongbang-collector.js', import.meta.url));
const token = (c: number) => `bench-agent-${c}-token-0123456789`;

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

/** What one run sends: each client's bodies, to one path of one server, with its headers. */
interface Sends {
  url: string;
  path: string;
  bodies: Buffer[][];
  headers: (client: number) => Record<string, string>;
}

/**
 * Sends every client's requests one after another, the clients concurrently, each on a
 * connection of its own (http-load.ts), opened before the clock starts.
 */
async function drive(sends: Sends, watch: Record<string, number> = {}): Promise<RunResult> {
  const clients = sends.bodies.map(() => new LoadClient(sends.url));
  try {
    await Promise.all(clients.map((c) => c.ready()));
    return await timed(clients, sends, watch);
  } finally {
    for (const c of clients) c.close();
  }
}

async function timed(clients: LoadClient[], sends: Sends, watch: Record<string, number>): Promise<RunResult> {
  const latenciesMs: number[] = [];
  // Each watched process in all, and its main thread alone (the event loop: parsing, checks,
  // encoding), so a run says which side of the collector the time went to.
  const sample = () =>
    Object.fromEntries(
      Object.entries(watch).flatMap(([k, pid]) => [
        [k, cpuSeconds(pid)],
        [`${k}MainThread`, cpuSeconds(pid, pid)],
      ]),
    );
  const cpu0 = sample();
  const self0 = selfCpuS();
  const t0 = performance.now();
  await Promise.all(
    sends.bodies.map(async (list, c) => {
      const headers = sends.headers(c);
      for (const body of list) {
        const s = performance.now();
        const status = await clients[c]!.post(sends.path, headers, body);
        if (status >= 300) throw new Error(`HTTP ${status}`);
        latenciesMs.push(performance.now() - s);
      }
    }),
  );
  const s = (performance.now() - t0) / 1000;
  const n = BATCHES_PER_RUN * BATCH;
  const perReading = (cpuS: number) => +((cpuS * 1e6) / n).toFixed(2);
  const cpuUsPerReading: Record<string, number> = { clients: perReading(selfCpuS() - self0) };
  for (const [k, v] of Object.entries(sample())) cpuUsPerReading[k] = perReading(v - cpu0[k]!);
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
  const agents = Array.from({ length: Math.max(CLIENTS, MORE_CLIENTS) }, (_, c) => ({
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

const toCollector = (url: string, load: Load): Sends => ({
  url,
  path: '/api/v1/ingest',
  bodies: load.gz,
  headers: (c) => ({
    authorization: `Bearer ${token(c)}`,
    'content-type': 'application/json',
    'content-encoding': 'gzip',
  }),
});

const summary = (runs: RunResult[]) => ({
  cpuUsPerReading: Object.fromEntries(
    Object.keys(runs[0]?.cpuUsPerReading ?? {}).map((k) => [k, median(runs.map((r) => r.cpuUsPerReading[k]!))]),
  ),
  readingsPerS: Math.round(median(runs.map((r) => r.readingsPerS))),
  runs: runs.map((r) => Math.round(r.readingsPerS)),
  batchP50Ms: +median(runs.map((r) => quantile(r.latenciesMs, 0.5))).toFixed(2),
  batchP99Ms: +median(runs.map((r) => quantile(r.latenciesMs, 0.99))).toFixed(2),
});

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
  clients = CLIENTS,
): Promise<InfluxPass> {
  const label = `${pinned ? 'influx pinned' : 'influx shared'}${clients === CLIENTS ? '' : `, ${clients} clients`}`;
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
      const direct = (load: Load): Sends => ({
        url: influx.url,
        path: '/write?db=gongbang&precision=ns',
        bodies: load.lp,
        headers: () => ({ 'content-type': 'text/plain; charset=utf-8' }),
      });
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
  const next = (clients = CLIENTS) => {
    const load = makeLoad(seq, clients);
    seq += BATCHES_PER_RUN * BATCH;
    return load;
  };
  try {
    const steps = stepCosts();
    log(`collector steps, µs per reading: ${JSON.stringify(steps)}`);
    // (a) SqliteStore at its default synchronous=FULL, and at NORMAL for comparison in the same run;
    // each collector run followed by the raw better-sqlite3 insert of as many rows (see
    // ingest-raw-sqlite.ts) in transactions as large as the collector's commits were in that run,
    // and, as brackets, in transactions of CLIENTS batches (the largest group 8 clients with one
    // batch in flight each can form) and of one batch.
    const sqliteAt = async (synchronous: 'full' | 'normal') => {
      const sqlite = await startCollector(tmp.dir, { type: 'sqlite', synchronous });
      // Each baseline in a database of its own that grows as the collector's does (one run per
      // pair after the same warm-up), so every insert is timed on a database of the collector's
      // size: inserts slow down as the indexes grow (until 1 December 2026 the three shared one
      // database, three times the collector's size by the end).
      const raw = openRawSqlite(tmp.dir, synchronous);
      const rawMax = openRawSqlite(tmp.dir, synchronous, `raw-${CLIENTS}-batches`);
      const rawOne = openRawSqlite(tmp.dir, synchronous, 'raw-1-batch');
      const scrape = async () => commitBuckets(await (await fetch(`${sqlite.url}/metrics`)).text());
      const runs: RunResult[] = [];
      const rawRuns: number[] = [];
      const rawMaxRuns: number[] = [];
      const rawOneRuns: number[] = [];
      const commitSizes: number[] = [];
      try {
        for (const r of [raw, rawMax, rawOne]) r.insert(next().rows, [CLIENTS]); // warm-up
        await drive(toCollector(sqlite.url, next()));
        for (let i = 0; i < RUNS; i++) {
          const before = await scrape();
          runs.push(await drive(toCollector(sqlite.url, next()), { collector: sqlite.pid }));
          const sizes = commitSizesBetween(before, await scrape());
          commitSizes.push(meanCommitBatches(sizes));
          rawRuns.push(raw.insert(next().rows, transactionPlan(sizes, BATCHES_PER_RUN)));
          rawMaxRuns.push(rawMax.insert(next().rows, [CLIENTS]));
          rawOneRuns.push(rawOne.insert(next().rows, [1]));
          log(
            `sqlite ${synchronous} run ${i + 1}: ${Math.round(runs[i]!.readingsPerS)} readings/s in commits of ${commitSizes[i]!.toFixed(2)} batches (${JSON.stringify(Object.fromEntries(sizes))}); raw insert at that mix ${Math.round(rawRuns[i]!)}, ${CLIENTS} batches per transaction ${Math.round(rawMaxRuns[i]!)}, 1 batch ${Math.round(rawOneRuns[i]!)}; CPU µs/reading ${JSON.stringify(runs[i]!.cpuUsPerReading)}`,
          );
        }
      } finally {
        for (const r of [raw, rawMax, rawOne]) r.close();
        await sqlite.stop();
      }
      const collector = summary(runs);
      const rawS = Math.round(median(rawRuns));
      const rawBracket = (xs: number[]) => ({ readingsPerS: Math.round(median(xs)), runs: xs.map(Math.round) });
      return {
        synchronous,
        ...collector,
        commitBatchesMean: +median(commitSizes).toFixed(2),
        rawInsert: {
          transactions: "as large as the collector's commits in the run before (gongbang_store_commit_batches)",
          readingsPerS: rawS,
          runs: rawRuns.map(Math.round),
          [`${CLIENTS}BatchesPerTransaction`]: rawBracket(rawMaxRuns),
          oneBatchPerTransaction: rawBracket(rawOneRuns),
        },
        // collector / raw: the share of the raw insert's rate the collector reaches.
        ratio: +(collector.readingsPerS / rawS).toFixed(3),
        medianOfPairedRuns: +median(runs.map((r, i) => r.readingsPerS / rawRuns[i]!)).toFixed(3),
        ratioRange: [
          +Math.min(...runs.map((r, i) => r.readingsPerS / rawRuns[i]!)).toFixed(3),
          +Math.max(...runs.map((r, i) => r.readingsPerS / rawRuns[i]!)).toFixed(3),
        ],
        [`ratioTo${CLIENTS}BatchesPerTransaction`]: +(collector.readingsPerS / median(rawMaxRuns)).toFixed(3),
      };
    };
    const sqliteS = parts.has('sqlite-full') ? await sqliteAt('full') : undefined;
    const sqliteNormal = parts.has('sqlite-normal') ? await sqliteAt('normal') : undefined;
    // (b) InfluxDB 1.6 through the collector (api v1), against the direct write of the same line protocol:
    // once with every process free to use both cores, once with InfluxDB on a core of its own.
    const shared = parts.has('influx-shared') ? await influxPass(tmp.dir, next, false, log) : undefined;
    if (os.cpus().length < 2) throw new Error('the ingest benchmark needs 2 CPUs: InfluxDB is given one of its own');
    const pinned = parts.has('influx-pinned') ? await influxPass(tmp.dir, next, true, log) : undefined;
    const pinnedMore = parts.has('influx-pinned-16')
      ? await influxPass(tmp.dir, () => next(MORE_CLIENTS), true, log, MORE_CLIENTS)
      : undefined;
    log(
      [
        sqliteS &&
          `sqlite FULL ${sqliteS.readingsPerS}/s = ${sqliteS.ratio} of the raw insert ${sqliteS.rawInsert.readingsPerS}/s (paired ${sqliteS.medianOfPairedRuns}; target >= 0.9)`,
        sqliteNormal &&
          `NORMAL ${sqliteNormal.readingsPerS}/s = ${sqliteNormal.ratio} of ${sqliteNormal.rawInsert.readingsPerS}/s`,
        pinned &&
          `influx via collector / direct, InfluxDB on its own core: ${pinned.via.readingsPerS}/${pinned.direct.readingsPerS} = ${pinned.ratio} (paired ${pinned.medianOfPairedRuns}; target >= 0.9)`,
        pinnedMore &&
          `with ${MORE_CLIENTS} clients ${pinnedMore.via.readingsPerS}/${pinnedMore.direct.readingsPerS} = ${pinnedMore.ratio} (paired ${pinnedMore.medianOfPairedRuns})`,
        shared && `all sharing both cores ${shared.via.readingsPerS}/${shared.direct.readingsPerS} = ${shared.ratio}`,
      ]
        .filter(Boolean)
        .join('; '),
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
        clientHttp:
          'one kept-alive connection per client, one request in flight, requests written as prepared bytes and answers read as far as status and length (bench/http-load.ts); until 1 December 2026 node:http, and before that fetch, whose CPU the collector then lacked on the shared cores',
        sqliteRawInsert:
          "the same rows inserted straight through better-sqlite3 in the benchmark's process, into a database opened with the store's openReadingsDb (schema, pragmas) through its prepareRowInsert (statement), in transactions as large as the collector's commits in the run just before (its gongbang_store_commit_batches), into a database as large as the collector's (the brackets of CLIENTS and 1 batch per transaction each have a database of their own); ratio = collector / raw",
        cpuUsPerReading:
          'CPU time (user + system) per reading stored, from /proc: each process in all, and its main thread alone (…MainThread); clients = this process',
        influxPinned:
          'InfluxDB on CPU 0 alone (taskset), the collector and the clients on CPU 1: InfluxDB has the same CPU in the direct and the collector measurement, and the ratio says whether the collector keeps up with what InfluxDB can take',
        influxPinnedMoreClients: `as influxPinned, with ${MORE_CLIENTS} clients instead of ${CLIENTS} (a second measurement beside the one the target is judged on)`,
        influxSharedCpu:
          "every process on both cores: the ratio is then mostly the share of the machine's CPU the collector takes from InfluxDB",
      },
      parts: [...parts],
      collectorStepsUsPerReading: steps,
      sqliteStore: sqliteS && {
        ...sqliteS,
        target: 150_000,
        meetsTarget: sqliteS.readingsPerS >= 150_000,
        ratioTarget: 0.9,
        meetsRatioTarget: sqliteS.ratio >= 0.9,
      },
      sqliteStoreNormal: sqliteNormal && {
        ...sqliteNormal,
        ratioToFull: sqliteS && +(sqliteNormal.readingsPerS / sqliteS.readingsPerS).toFixed(3),
      },
      influxViaCollector: pinned?.via,
      influxDirectLineProtocol: pinned?.direct,
      influxRatio: pinned && {
        value: pinned.ratio,
        medianOfPairedRuns: pinned.medianOfPairedRuns,
        target: 0.9,
        meetsTarget: pinned.ratio >= 0.9,
      },
      influxPinnedMoreClients: pinnedMore && {
        clients: MORE_CLIENTS,
        viaCollector: pinnedMore.via,
        directLineProtocol: pinnedMore.direct,
        ratio: pinnedMore.ratio,
        medianOfPairedRuns: pinnedMore.medianOfPairedRuns,
      },
      influxSharedCpu: shared && {
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
