// The read side of the metrics benchmark: 400 workshops × 2 years of rollups in a registry
// (SQLite or PostgreSQL), then GET /api/v1/programme/kpis and one workshop's month per day over
// real HTTP, each beside the same query made in the process (no HTTP, no JSON) as its baseline.
import type { AddressInfo } from 'node:net';
import { buildApp } from '../packages/collector/src/app.js';
import { programmeDirectory } from '../packages/collector/src/compose/kpis.js';
import { Registry, type RegistryOptions } from '../packages/collector/src/compose/registry.js';
import { parseCollectorConfig } from '../packages/collector/src/config/index.js';
import {
  addDays,
  programmeView,
  type RollupRow,
  RollupStore,
  workshopKpis,
} from '../packages/collector/src/metrics/index.js';
import { createPgDatabase, tempDir } from '../tests/harness/index.js';
import { bulkRows, dayRange, insertRows, type Template, templateDay, writeWorkshop } from './metrics-fill.js';
import { PROFILES, seeded } from './metrics-workshop.js';
import { median, quantile } from './stats.js';

export const WORKSHOPS = 400;
export const YEARS_DAYS = 730;
const TEMPLATE_DAY = '2026-11-25';

/** Latencies of `requests` calls, ms, after `warm` unmeasured ones. */
async function time(fn: () => Promise<unknown>, requests: number, warm = 2): Promise<number[]> {
  for (let i = 0; i < warm; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < requests; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** p50/p95 of each run, and their medians over the runs. */
function latency(runs: number[][], target?: number) {
  const p50 = median(runs.map((r) => quantile(r, 0.5)));
  const p95 = median(runs.map((r) => quantile(r, 0.95)));
  return {
    p50Ms: +p50.toFixed(2),
    p95Ms: +p95.toFixed(2),
    p95MsPerRun: runs.map((r) => +quantile(r, 0.95).toFixed(1)),
    requestsPerRun: runs[0]?.length ?? 0,
    ...(target !== undefined ? { targetP95Ms: target, meetsTarget: p95 < target } : {}),
  };
}

/** Compares rows written through writeDay with the bulk writer's, numbers within 1e-9 relative. */
function sameRows(a: RollupRow[], b: RollupRow[]): string | null {
  const key = (r: RollupRow) => `${r.grain}/${r.period}/${r.dim}/${r.dimId}/${r.startMs}`;
  const bm = new Map(b.map((r) => [key(r), r]));
  if (a.length !== b.length) return `${a.length} rows through writeDay, ${b.length} from the bulk writer`;
  for (const r of a) {
    const o = bm.get(key(r));
    if (!o) return `row ${key(r)} missing from the bulk writer`;
    for (const [k, v] of Object.entries(r.elements)) {
      const w = (o.elements as unknown as Record<string, unknown>)[k];
      const ok =
        typeof v === 'number'
          ? Math.abs(v - (w as number)) <= 1e-9 * Math.max(1, Math.abs(v))
          : JSON.stringify(v) === JSON.stringify(w);
      if (!ok) return `row ${key(r)} element ${k}: ${JSON.stringify(v)} vs ${JSON.stringify(w)}`;
    }
  }
  return null;
}

export async function openRegistry(dialect: 'sqlite' | 'postgres') {
  const options: Omit<RegistryOptions, 'location'> = { scryptCost: { N: 1024, r: 8, p: 1 } };
  if (dialect === 'sqlite') {
    const tmp = await tempDir('gb-bench-metrics-');
    const registry = new Registry({ ...options, location: { kind: 'sqlite', file: `${tmp.dir}/registry.db` } });
    await registry.start();
    return {
      registry,
      dir: tmp.dir,
      close: async () => {
        await registry.stop();
        await tmp.remove();
      },
    };
  }
  const tmp = await tempDir('gb-bench-metrics-');
  const pg = await createPgDatabase();
  const registry = new Registry({ ...options, location: { kind: 'postgres', url: pg.url, poolSize: 4 } });
  await registry.start();
  return {
    registry,
    dir: tmp.dir,
    close: async () => {
      await registry.stop();
      await pg.close();
      await tmp.remove();
    },
  };
}

/** Workshops, stage histories and rollups of 400 workshops over the 730 days up to `today`. */
export async function fill(registry: Registry, today: string, log: (m: string) => void) {
  const from = addDays(today, -(YEARS_DAYS - 1));
  const days = dayRange(from, today);
  const templates: Template[] = PROFILES.map((p, i) => templateDay(p, TEMPLATE_DAY, 1_000 + i));
  const rollups = new RollupStore(() => registry.db);
  const rnd = seeded(42);
  const t0 = performance.now();
  let rows = 0;
  let check: string | null = null;
  for (let w = 0; w < WORKSHOPS; w++) {
    const t = templates[w % templates.length] as Template;
    const id = `ws-${String(w).padStart(3, '0')}`;
    const p = t.profile;
    await registry.workshops.create({
      id,
      nameKo: `공방 ${w}`,
      nameEn: `Workshop ${w}`,
      industry: p.industry,
      cluster: p.clusters[w % p.clusters.length] ?? null,
      headcount: p.workers,
    });
    await registry.workshops.setStage(id, { stage: 0, startedOn: from, level: 'ict_none' });
    if (rnd() < 0.7) {
      const started = days[Math.floor(rnd() * days.length)] as string;
      await registry.workshops.setStage(id, {
        stage: 1,
        startedOn: started,
        level: 'basic',
        measurementStartedOn: from,
      });
    }
    const base = { run: 0.75 + 0.2 * rnd(), speed: 0.8 + 0.3 * rnd(), scrap: 0.5 + 1.5 * rnd() };
    const seed = 10_000 + w;
    if (w === 0) {
      // The bulk writer must leave what writeDay leaves: checked on the first 45 days of one workshop.
      const some = days.slice(0, 45);
      await writeWorkshop(registry.db, rollups, id, t, some, base, seeded(seed));
      const range = { workshopId: id, fromMs: 0, toMs: Number.MAX_SAFE_INTEGER };
      const viaEngine = [
        ...(await rollups.rows({ ...range, grain: 'day' })),
        ...(await rollups.rows({ ...range, grain: 'week' })),
        ...(await rollups.rows({ ...range, grain: 'month' })),
      ];
      const bulk = bulkRows(id, t, some, base, seeded(seed)).rows.map(
        (r): RollupRow => ({
          grain: r.grain as RollupRow['grain'],
          period: r.period,
          part: r.part,
          origin: 'device',
          dim: r.dim as RollupRow['dim'],
          dimId: r.dim_id,
          startMs: Number(r.period_start_ms),
          elements: JSON.parse(r.elements),
        }),
      );
      check = sameRows(viaEngine, bulk);
      if (check) throw new Error(`the bulk rollup writer differs from RollupStore.writeDay: ${check}`);
      for (const table of ['kpi_rows', 'kpi_days', 'kpi_stops'] as const)
        await registry.db.deleteFrom(table).where('workshop_id', '=', id).execute();
      log(`bulk rows equal writeDay's on ${some.length} days (${viaEngine.length} day/week/month rows)`);
    }
    // Every dimension for the workshop whose month is measured; the workshop dimension alone
    // for the others (the programme view and the peer medians read no other).
    const out = bulkRows(id, t, days, base, seeded(seed), w !== 0);
    rows += out.rows.length;
    await insertRows(registry.db, out);
    if (w % 100 === 99)
      log(`filled ${w + 1} workshops, ${rows} rows, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return {
    from,
    fillS: +((performance.now() - t0) / 1000).toFixed(1),
    rows,
    templates: templates.map((t) => ({
      industry: t.profile.industry,
      readings: t.readings,
      hourRows: t.result.hours.length,
      stops: t.result.stops.length,
    })),
  };
}

export interface ReadFigures {
  dialect: string;
  fill: Awaited<ReturnType<typeof fill>>;
  programme: Record<string, unknown>;
  workshopMonth: Record<string, unknown>;
}

/** Fills a registry, serves it over HTTP on 127.0.0.1 and measures both queries. */
export async function measureReads(
  dialect: 'sqlite' | 'postgres',
  runs: { programme: [number, number]; month: [number, number] },
  log: (m: string) => void,
): Promise<ReadFigures> {
  const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
  const { registry, dir, close } = await openRegistry(dialect);
  try {
    const filled = await fill(registry, today, log);
    log(`${dialect}: ${filled.rows} rollup rows for ${WORKSHOPS} workshops in ${filled.fillS} s`);
    const user = await registry.users.create({ username: 'eval', password: 'eval-password-1', role: 'evaluator' });
    const token = (await registry.apiTokens.create(user.id, 'bench')).token;
    // The engine is off: its loop would compute today for every workshop while we measure.
    const config = parseCollectorConfig({
      dataDir: dir,
      server: { port: 0 },
      log: { level: 'silent' },
      metrics: { enabled: false },
    });
    const app = await buildApp({ config, registry, logger: false, processMetrics: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      const get = async (path: string) => {
        const r = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
        const body = await r.arrayBuffer();
        if (r.status !== 200) throw new Error(`GET ${path}: HTTP ${r.status} ${Buffer.from(body).toString()}`);
        return body.byteLength;
      };
      const rollups = new RollupStore(() => registry.db);
      const directory = programmeDirectory(registry);
      const programmePath = `/api/v1/programme/kpis?from=${filled.from}&to=${today}`;
      const monthFrom = addDays(today, -29);
      const monthPath = `/api/v1/workshops/ws-000/kpis?granularity=day&from=${monthFrom}&to=${today}`;
      // The first request after start finds no kept sums: every piece of every workshop is read.
      const coldStart = performance.now();
      const programmeBytes = await get(programmePath);
      const coldFirstMs = +(performance.now() - coldStart).toFixed(1);
      const sizes = { programme: programmeBytes, month: await get(monthPath) };
      const [pRuns, pN] = runs.programme;
      const [mRuns, mN] = runs.month;
      const http: number[][] = [];
      const inProcess: number[][] = [];
      for (let i = 0; i < pRuns; i++) {
        http.push(await time(() => get(programmePath), pN));
        // Without a cache of sums: what every request would cost if nothing were kept.
        inProcess.push(await time(() => programmeView(rollups, directory, filled.from, today, 'all', 0.8), pN));
        log(
          `${dialect} programme run ${i + 1}: HTTP p50 ${quantile(http[i]!, 0.5).toFixed(1)} p95 ${quantile(http[i]!, 0.95).toFixed(1)} ms; in process p50 ${quantile(inProcess[i]!, 0.5).toFixed(1)} ms`,
        );
      }
      const mHttp: number[][] = [];
      const mIn: number[][] = [];
      const q = {
        workshopId: 'ws-000',
        fromDay: monthFrom,
        toDay: today,
        granularity: 'day' as const,
        dim: 'workshop' as const,
        dimId: '',
        origin: 'all' as const,
        coverageThreshold: 0.8,
      };
      for (let i = 0; i < mRuns; i++) {
        mHttp.push(await time(() => get(monthPath), mN));
        mIn.push(
          await time(async () => {
            await workshopKpis(rollups, q);
            await rollups.dirtyDays(q.workshopId, monthFrom, today);
          }, mN),
        );
        log(
          `${dialect} workshop month run ${i + 1}: HTTP p50 ${quantile(mHttp[i]!, 0.5).toFixed(1)} p95 ${quantile(mHttp[i]!, 0.95).toFixed(1)} ms; in process p50 ${quantile(mIn[i]!, 0.5).toFixed(2)} ms`,
        );
      }
      // Today written again for every workshop (as the today refresh does): the kept sums of the
      // closed months still hold, the day pieces are read again.
      const live: number[] = [];
      for (let i = 0; i < 5; i++) {
        await registry.db
          .updateTable('kpi_rows')
          .set({ rev: `live-${i}` })
          .where('grain', '=', 'day')
          .where('period', '=', today)
          .execute();
        const t = performance.now();
        await get(programmePath);
        live.push(performance.now() - t);
      }
      const peersPath = `${monthPath}&peers=true`;
      const peersRuns: number[][] = [];
      for (let i = 0; i < mRuns; i++) peersRuns.push(await time(() => get(peersPath), mN));
      const programme = latency(http, 300);
      const programmeIn = latency(inProcess);
      const month = latency(mHttp, 50);
      const monthIn = latency(mIn);
      return {
        dialect,
        fill: filled,
        programme: {
          request: `GET ${programmePath.replace(/\?.*/, '')}?from=<today−729>&to=<today> (evaluator API token)`,
          http: programme,
          firstRequestAfterStartMs: coldFirstMs,
          afterTodayRewrittenMs: {
            what: "one request after every workshop's today row was written again (the live case: closed months kept, day pieces read again)",
            p50Ms: +quantile(live, 0.5).toFixed(1),
            maxMs: +Math.max(...live).toFixed(1),
          },
          responseBytes: sizes.programme,
          inProcess: {
            what: 'programmeView() in the process without the kept sums (every piece of every workshop read and summed each time): the cold cost, no HTTP, no JSON',
            ...programmeIn,
          },
          ratioP50: +(programme.p50Ms / programmeIn.p50Ms).toFixed(2),
        },
        workshopMonth: {
          request: 'GET /api/v1/workshops/ws-000/kpis?granularity=day&from=<today−29>&to=<today> (evaluator API token)',
          http: month,
          responseBytes: sizes.month,
          inProcess: {
            what: 'what the route calls, in the process (workshopKpis, dirtyDays): no HTTP, no JSON',
            ...monthIn,
          },
          ratioP50: +(month.p50Ms / monthIn.p50Ms).toFixed(2),
          withPeers: {
            request: 'the same with peers=true (medians of the industry: reads every workshop of it)',
            ...latency(peersRuns),
          },
        },
      };
    } finally {
      await app.close();
    }
  } finally {
    await close();
  }
}
