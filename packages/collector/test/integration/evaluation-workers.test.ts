import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../src/compose/registry.js';
import { EvaluationPool, evaluate } from '../../src/evaluation/index.js';
import { buildPanel } from '../../src/evaluation/panel.js';
import { simulateProgramme } from '../../src/evaluation/study-simulate.js';
import type { KpiEngine } from '../../src/metrics/index.js';
import { addDays } from '../../src/metrics/index.js';
import { kst, ReadingBuilder } from '../support/metrics-readings.js';
import { PRINTERS_FIRST_DAY, PRINTERS_QUERY, seedPrinters } from './evaluation-fixtures.js';
import { buildKpiApp, get, ingest } from './kpi-fixtures.js';
import { seed, startTestRegistry } from './registry-fixtures.js';

/** Resolves when `worker` has exited. */
const exited = (worker: Worker) => new Promise<number>((resolve) => worker.once('exit', resolve));

describe('the evaluation on worker threads', () => {
  it('gives on a worker exactly the figures evaluate() gives in the process (same seed, same numbers)', async () => {
    const { columns } = simulateProgramme({ workshops: 120, weeks: 40 }, 3);
    const options = { control: 'not-yet' as const, base: 'varying' as const, bootstrap: { draws: 199, seed: 5 } };
    const pool = new EvaluationPool();
    try {
      const [onWorker, again] = await Promise.all([pool.run(columns, options), pool.run(columns, options)]);
      expect(onWorker).toEqual(evaluate(buildPanel(columns), options));
      expect(again).toEqual(onWorker);
      expect(pool.threads).toBe(1); // one worker took both, one after the other
    } finally {
      await pool.stop();
    }
    expect(pool.threads).toBe(0);
  });

  it('runs as many analyses at once as it has workers, the rest wait in the queue', async () => {
    const { columns } = simulateProgramme({ workshops: 80, weeks: 30 }, 4);
    const events: string[] = [];
    const pool = new EvaluationPool({ workers: 2, onStart: () => events.push('start') });
    try {
      const runs = [1, 2, 3].map((seed) =>
        pool.run(columns, { bootstrap: { draws: 99, seed } }).then(() => events.push('done')),
      );
      // The first two are handed to a worker when asked; the third waits for one to be free.
      expect(events).toEqual(['start', 'start']);
      await Promise.all(runs);
      expect(events.filter((e) => e === 'start')).toHaveLength(3);
      expect(events.filter((e) => e === 'done')).toHaveLength(3);
      expect(pool.threads).toBe(2);
    } finally {
      await pool.stop();
    }
  });
});

describe('GET /api/v1/evaluation off the event loop', () => {
  let registry: Registry;
  let closeRegistry: () => Promise<void>;
  let app: Awaited<ReturnType<typeof buildKpiApp>>['app'];
  let engine: KpiEngine;
  let closeApp: () => Promise<void>;
  let world: Awaited<ReturnType<typeof seed>>;
  let clock = kst('2026-03-02 12:00');
  /** What the test does when a worker takes a job. */
  let onStart: (worker: Worker) => void = () => undefined;
  const workers = new Set<Worker>();
  const url = (extra: string) => `/api/v1/evaluation?${PRINTERS_QUERY}&${extra}`;

  beforeAll(async () => {
    ({ registry, close: closeRegistry } = await startTestRegistry('sqlite'));
    world = await seed(registry);
    ({
      app,
      engine,
      close: closeApp,
    } = await buildKpiApp(registry, clock, {
      app: {
        now: () => clock,
        onEvaluationStart: (w) => {
          workers.add(w);
          onStart(w);
        },
      },
    }));
    await seedPrinters(registry, world.users.admin.id);
    await engine.settle();
  }, 120_000);
  afterAll(async () => {
    await closeApp?.();
    await closeRegistry?.();
  });

  it('answers /healthz and an agent’s ingest while an analysis runs', async () => {
    // A first small analysis: the worker is up, so what follows measures the analysis itself.
    expect((await get(app, world.tokens.evaluator, url('bootstrap=0'))).status).toBe(200);
    const events: string[] = [];
    let started: () => void = () => undefined;
    const running = new Promise<void>((r) => {
      started = r;
    });
    onStart = () => started();
    // A programme-sized analysis holds the one worker (seconds of CPU); the API's request queues behind it.
    const { columns } = simulateProgramme({ workshops: 400, weeks: 104 }, 9);
    const big = app.evaluationPool.run(columns, { bootstrap: { draws: 999, seed: 1 } }).then(() => {
      events.push('programme');
    });
    await running;
    onStart = () => undefined;
    const analysis = get(app, world.tokens.evaluator, url('bootstrap=9999&seed=1')).then((r) => {
      events.push('evaluation');
      return r;
    });
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    events.push('healthz');
    const b = new ReadingBuilder();
    b.heartbeats(kst('2026-03-02 09:00'), kst('2026-03-02 10:00'));
    await ingest(app, 'agent-b', world.agentTokens.b, b.readings, clock);
    events.push('ingest');
    const res = await analysis;
    await big;
    expect(res.status).toBe(200);
    expect(res.body.evaluation.settings.bootstrap.draws).toBe(9_999);
    expect(events).toEqual(['healthz', 'ingest', 'programme', 'evaluation']);
  });

  it('computes identical requests in flight once', async () => {
    let starts = 0;
    onStart = () => starts++;
    const answers = await Promise.all(
      [0, 1, 2].map(() => get(app, world.tokens.evaluator, url('bootstrap=199&seed=11'))),
    );
    onStart = () => undefined;
    expect(starts).toBe(1);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers[1]?.body.evaluation).toEqual(answers[0]?.body.evaluation);
    expect(answers[2]?.body.evaluation).toEqual(answers[0]?.body.evaluation);
  });

  it('answers 500 with the reason when its worker dies, and the next request gets a new worker', async () => {
    let victim: Worker | undefined;
    onStart = (w) => {
      victim = w;
      void w.terminate();
    };
    const failed = await get(app, world.tokens.evaluator, url('bootstrap=199&seed=12'));
    onStart = () => undefined;
    expect(failed.status).toBe(500);
    expect(failed.body.error).toMatchObject({ code: 'internal', retryable: true });
    expect(failed.body.error.message).toMatch(/evaluation worker stopped .* while computing; ask again/);
    const again = await get(app, world.tokens.evaluator, url('bootstrap=199&seed=12'));
    expect(again.status).toBe(200);
    expect(again.body.cached).toBe(false);
    expect(app.evaluationPool.threads).toBe(1);
    expect(victim).toBeDefined();
  });

  it('answers a result older than evaluation.maxStaleS fresh, not stale', async () => {
    const first = await get(app, world.tokens.evaluator, url('bootstrap=0&anticipation=1'));
    expect(first.body).toMatchObject({ cached: false, stale: false });
    await registry.manualEntries.add(
      'p-f',
      { day: addDays(PRINTERS_FIRST_DAY, 2), pq: 1, workS: 3600 },
      world.users.admin.id,
    );
    await engine.settle();
    clock += 901_000; // the default maxStaleS is 900
    const next = await get(app, world.tokens.evaluator, url('bootstrap=0&anticipation=1'));
    expect(next.body).toMatchObject({ cached: false, stale: false });
    expect(next.body.dataVersion).not.toBe(first.body.dataVersion);
    expect(Date.parse(next.body.computedAt)).toBe(clock);
  });

  it('terminates its workers when the app closes', async () => {
    expect(workers.size).toBeGreaterThan(0);
    const alive = [...workers].filter((w) => w.threadId > 0);
    const gone = alive.map(exited);
    await closeApp();
    closeApp = async () => undefined;
    expect(await Promise.all(gone)).toHaveLength(alive.length);
    expect(app.evaluationPool.threads).toBe(0);
  });
});
