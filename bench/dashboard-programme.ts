// The dashboard benchmark's world: a simulated programme (packages/simulator's backfill through
// real agent spools, forwarders and the collector's ingest), the KPI engine settled, and one
// user per role, in a collector data dir (`<dir>/registry.db` and the embedded store, exactly
// what `gongbang-collector serve --data-dir <dir>` opens). Loading 400 workshops takes minutes,
// so the finished dir is kept under bench/.cache/ (gitignored), named after the programme's
// parameters, and reused by later runs.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../packages/collector/src/app.js';
import { Registry } from '../packages/collector/src/compose/registry.js';
import { parseCollectorConfig } from '../packages/collector/src/config/index.js';
import { FORMULA_VERSION, type KpiEngine } from '../packages/collector/src/metrics/index.js';
import { REGISTRY_MIGRATIONS } from '../packages/collector/src/registry/index.js';
import { backfill } from '../packages/simulator/src/backfill/index.js';
import { buildProgramme } from '../packages/simulator/src/model/programme.js';
import { SIMULATOR_VERSION } from '../packages/simulator/src/version.js';

/** What is simulated. The same parameters give the same programme, readings and truth. */
export interface ProgrammeParams {
  workshops: number;
  months: number;
  seed: number;
  /** Last simulated KST day; fixed (not "yesterday") so that the cached world stays valid. */
  toDay: string;
}

/** A user of the world, signing in through the dashboard's form. */
export interface BenchUser {
  username: string;
  password: string;
  role: 'owner' | 'technician' | 'evaluator' | 'admin';
  workshopIds: string[];
}

/** What the cache dir holds besides the collector's files (world.json). */
export interface World {
  params: ProgrammeParams;
  simulatorVersion: string;
  dataDir: string;
  users: BenchUser[];
  load: {
    /** Wall time of the backfill (registry set-up, readings through the agents, paper logs), s. */
    backfillS: number;
    /** Wall time of the KPI engine's settle after it, s. */
    settleS: number;
    readings: number;
    manualEntries: number;
    loadedAt: string;
  };
}

/** Where finished worlds are kept (gitignored). */
export const CACHE_DIR = fileURLToPath(new URL('./.cache/', import.meta.url));
/** The last simulated day: a Thursday, when most workshops of every industry work. Fixed, so the cache stays valid. */
export const TO_DAY = '2026-11-26';
/** The collector's and the browser's clock during the measurement: the last day, 15:30 KST. */
export const NOW_MS = Date.parse(`${TO_DAY}T15:30:00+09:00`);
/** Passwords of the bench's users (a throwaway world on loopback). */
const PASSWORD = 'bench-password-1';

/**
 * The cache dir's name: every parameter, the simulator's version (a new model, a new world), and
 * the collector's last registry migration and KPI formula version (what the engine computed at
 * load time: a new rollup or formula needs the days computed again).
 */
export function cacheKey(p: ProgrammeParams): string {
  const migration = Object.keys(REGISTRY_MIGRATIONS).sort().at(-1)?.slice(0, 3) ?? 'none';
  const formula = FORMULA_VERSION.replace(/[^\w.-]+/g, '_');
  return `dashboard-w${p.workshops}-m${p.months}-s${p.seed}-to${p.toDay}-sim${SIMULATOR_VERSION}-reg${migration}-${formula}`;
}

/**
 * The users of the world: the owner of the first workshop that reached stage 2 (so the owner's
 * pages have a stage change to mark), else stage 1; a technician of the first 20 workshops; an
 * evaluator and an admin (the programme roles see every workshop).
 */
export function usersOf(p: ProgrammeParams): BenchUser[] {
  const programme = buildProgramme(p);
  const reached = (stage: number) => programme.workshops.find((w) => w.stages.some((s) => s.stage === stage));
  const owned = reached(2) ?? reached(1) ?? programme.workshops[0];
  if (!owned) throw new Error('the programme has no workshop');
  const user = (role: BenchUser['role'], workshopIds: string[]): BenchUser => ({
    username: `bench-${role}`,
    password: PASSWORD,
    role,
    workshopIds,
  });
  return [
    user('owner', [owned.id]),
    user(
      'technician',
      programme.workshops.slice(0, 20).map((w) => w.id),
    ),
    user('evaluator', []),
    user('admin', []),
  ];
}

/** The collector config of the bench: the data dir, loopback, days computed only when told (settle). */
export function benchConfig(dataDir: string) {
  return parseCollectorConfig({
    dataDir,
    server: { host: '127.0.0.1', port: 0 },
    log: { level: 'silent' },
    retentionDays: 36_500,
    metrics: { intervalMs: 3_600_000, todayRefreshS: 86_400 },
  });
}

/**
 * The world for `p`: from bench/.cache/ when a finished one is there, else loaded now (into a
 * `.partial` dir renamed when done, so an interrupted load is never taken for a finished one).
 */
export async function ensureWorld(p: ProgrammeParams, log: (m: string) => void, cacheDir = CACHE_DIR): Promise<World> {
  const dir = path.join(cacheDir, cacheKey(p));
  const marker = path.join(dir, 'world.json');
  if (existsSync(marker)) {
    const world = JSON.parse(await readFile(marker, 'utf8')) as World;
    log(`reusing ${path.relative(process.cwd(), dir)} (loaded ${world.load.loadedAt})`);
    return { ...world, dataDir: dir };
  }
  const partial = `${dir}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  const load = await loadWorld(p, partial, log);
  const world: World = { params: p, simulatorVersion: SIMULATOR_VERSION, dataDir: dir, users: usersOf(p), load };
  await writeFile(path.join(partial, 'world.json'), `${JSON.stringify(world, null, 2)}\n`);
  await rename(partial, dir);
  return world;
}

/** Backfills the programme into a collector on `dataDir`, settles the KPI engine, creates the users. */
async function loadWorld(p: ProgrammeParams, dataDir: string, log: (m: string) => void): Promise<World['load']> {
  const registry = new Registry({ location: { kind: 'sqlite', file: path.join(dataDir, 'registry.db') } });
  await registry.start();
  const app = await buildApp({ config: benchConfig(dataDir), registry, logger: false, processMetrics: false });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const admin = await registry.users.create({ username: 'bench-loader', password: PASSWORD, role: 'admin' });
    const token = (await registry.apiTokens.create(admin.id, 'bench-loader')).token;
    log(`loading ${p.workshops} workshops × ${p.months} months (seed ${p.seed}, to ${p.toDay}) into ${dataDir}`);
    const t0 = performance.now();
    let lastLog = 0;
    const r = await backfill(
      { ...p, collector: url, token, dataDir: path.join(dataDir, 'sim'), concurrency: 4 },
      (progress) => {
        const now = performance.now();
        if (now - lastLog < 30_000 && progress.phase !== 'done') return;
        lastLog = now;
        log(
          `backfill ${progress.phase}: ${progress.workshopsDone}/${progress.workshopsTotal} workshops, ${progress.readingsDelivered} readings, ${Math.round(progress.readingsPerS)}/s`,
        );
      },
    );
    if (r.deadLetters > 0) throw new Error(`the backfill ended ${r.deadLetters} readings as dead letters`);
    const backfillS = (performance.now() - t0) / 1000;
    log(`backfill: ${r.readingsDelivered} readings, ${r.manualEntries} paper-log days in ${backfillS.toFixed(0)} s`);
    const t1 = performance.now();
    await (app.kpiEngine as KpiEngine).settle();
    const settleS = (performance.now() - t1) / 1000;
    log(`KPI engine settled in ${settleS.toFixed(0)} s`);
    for (const u of usersOf(p)) await registry.users.create(u);
    // The agents' spools are not part of the world; the truth file stays beside it.
    await rename(r.truthFile, path.join(dataDir, 'truth.json'));
    await rm(path.join(dataDir, 'sim'), { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
    return {
      backfillS: +backfillS.toFixed(1),
      settleS: +settleS.toFixed(1),
      readings: r.readingsDelivered,
      manualEntries: r.manualEntries,
      loadedAt: new Date().toISOString(),
    };
  } finally {
    await app.close();
    await registry.stop();
  }
}
