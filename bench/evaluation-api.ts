// GET /api/v1/evaluation on the whole simulated programme: 400 workshops × 2 years of rollups
// (bench/metrics-programme.ts's fill, SQLite), the real collector app over HTTP. Prints the
// answer's size with and without the ATT(g,t) cells (plain and gzipped), the time of the first
// analysis of a setting (999 bootstrap draws, on the evaluation's worker thread), how long
// /healthz took while that analysis ran (and the event loop's largest delay), and the answer after the data changed (stale, at once)
// and once the background analysis is done. Run: `node --import tsx bench/evaluation-api.ts`.
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { buildApp } from '../packages/collector/src/app.js';
import { parseCollectorConfig } from '../packages/collector/src/config/index.js';
import { fill, openRegistry, WORKSHOPS } from './metrics-programme.js';
import { median } from './stats.js';

const log = (m: string) => process.stderr.write(`${m}\n`);

async function main() {
  const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
  const { registry, dir, close } = await openRegistry('sqlite');
  try {
    const filled = await fill(registry, today, log);
    log(`${filled.rows} rollup rows for ${WORKSHOPS} workshops in ${filled.fillS} s`);
    const admin = await registry.users.create({
      username: 'bench-eval',
      password: 'bench-password-1',
      role: 'evaluator',
    });
    const token = (await registry.apiTokens.create(admin.id, 'bench')).token;
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
      const ask = async (query: string) => {
        const t0 = performance.now();
        const res = await fetch(`${base}/api/v1/evaluation?${query}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`${res.status}: ${text.slice(0, 300)}`);
        return { ms: performance.now() - t0, text, body: JSON.parse(text) };
      };
      // While the first analysis runs, /healthz is asked every 20 ms.
      const healthMs: number[] = [];
      let running = true;
      const probe = (async () => {
        while (running) {
          const t0 = performance.now();
          await fetch(`${base}/healthz`);
          healthMs.push(performance.now() - t0);
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      const first = await ask('cells=false');
      loop.disable();
      running = false;
      await probe;
      const cached = await ask('cells=false');
      const full = await ask('cells=true');
      const ev = first.body.evaluation;
      const size = (t: string) => ({ bytes: Buffer.byteLength(t), gzipBytes: gzipSync(t).length });
      // The data moves on: one workshop's day is computed again.
      await registry.db
        .updateTable('kpi_days')
        .set({ computed_at: new Date().toISOString() })
        .where('workshop_id', '=', 'ws-001')
        .execute();
      loop.reset();
      loop.enable();
      const stale = await ask('cells=false');
      let fresh = stale;
      const t0 = performance.now();
      while (fresh.body.stale) {
        await new Promise((r) => setTimeout(r, 200));
        fresh = await ask('cells=false');
      }
      loop.disable();
      const out = {
        workshops: WORKSHOPS,
        days: 730,
        panel: first.body.panel && { ...first.body.panel, excluded: first.body.panel.excluded.length },
        cells: full.body.evaluation?.attgt?.length ?? 0,
        draws: ev?.settings.bootstrap?.draws ?? 0,
        answer: { withCells: size(full.text), withoutCells: size(first.text) },
        firstAnalysisMs: Math.round(first.ms),
        healthzDuringAnalysis: {
          probes: healthMs.length,
          medianMs: +median(healthMs).toFixed(1),
          maxMs: +Math.max(...healthMs).toFixed(1),
        },
        eventLoopDelayDuringAnalysis: {
          maxMs: +(loop.max / 1e6).toFixed(1),
          p99Ms: +(loop.percentile(99) / 1e6).toFixed(1),
        },
        cachedMs: Math.round(cached.ms),
        afterDataChange: {
          staleAnswerMs: Math.round(stale.ms),
          stale: stale.body.stale,
          freshAfterMs: Math.round(performance.now() - t0),
          eventLoopDelayMaxMs: +(loop.max / 1e6).toFixed(1),
        },
      };
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } finally {
      await app.close();
    }
  } finally {
    await close();
  }
}

await main();
