import { request } from 'node:http';
import { tempDir } from '@gongbang/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packWeekRows } from '../../../../bench/sim-coverage-panel.js';
import { programmeDayRows, ROUTE_DEFAULTS, routeInput } from '../../../../bench/sim-coverage-run.js';
import {
  analyseProgramme,
  type EvaluationOutcome,
  type EvaluationResult,
  type Transition,
} from '../../../collector/src/evaluation/index.js';
import type { KpiEngine } from '../../../collector/src/metrics/index.js';
import { type BackfillResult, backfill } from '../../src/backfill/index.js';
import { startCollector } from './real-collector.js';

/**
 * The sim-coverage benchmark (bench/sim-coverage.bench.ts) estimates on week rows built from the
 * simulator's own accounting and paper logs instead of sending every programme through agents and
 * the KPI engine. This checks that shortcut on one small programme: the evaluator's API, after a
 * real backfill and the KPI engine, answers every transition, outcome and industry with the very
 * estimate, interval, pre-test and panel that the benchmark's pure path computes.
 */
const SEED = 5;
/** Small enough for CI (~0.8 million readings), large enough that 0→1 and 1→2 are estimable (seed 5). */
const WORKSHOPS = 12;
const MONTHS = 4;
const TO_DAY = '2026-11-01';
const OUTCOMES: EvaluationOutcome[] = ['labour_productivity', 'availability', 'performance', 'quality_ratio', 'oee'];
const TRANSITIONS: Transition[] = ['0-1', '1-2', '2-3'];

/**
 * A GET on a connection of its own: after the long backfill and settle, a kept-alive connection of
 * the process-wide fetch pool may already be closed by the server (ECONNRESET on reuse).
 */
function getFresh(url: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe("the sim-coverage benchmark's pure path", () => {
  let c: Awaited<ReturnType<typeof startCollector>>;
  let data: Awaited<ReturnType<typeof tempDir>>;
  let run: BackfillResult;

  beforeAll(async () => {
    c = await startCollector({ retentionDays: 36_500 });
    data = await tempDir('gongbang-sim-coverage-');
    run = await backfill({
      workshops: WORKSHOPS,
      months: MONTHS,
      seed: SEED,
      toDay: TO_DAY,
      collector: c.url,
      token: c.token,
      dataDir: data.dir,
    });
    await (c.app.kpiEngine as KpiEngine).settle();
  }, 600_000);

  afterAll(async () => {
    await c?.close();
    await data?.remove();
  });

  it("gives the evaluation API's answers for every transition, outcome and industry", async () => {
    expect(run.readingsDelivered).toBe(run.readingsGenerated);
    const p = run.programme;
    const industries = [null, ...new Set(p.workshops.map((w) => w.industry))];
    const cases = TRANSITIONS.flatMap((transition) =>
      industries.flatMap((industry) => OUTCOMES.map((outcome) => ({ transition, outcome, industry }))),
    );
    // Every answer first, then the pure path, which blocks this process (and the in-process
    // collector) for seconds.
    const answers: EvaluationResult[] = [];
    for (const { transition, outcome, industry } of cases) {
      const q = new URLSearchParams({ transition, outcome, to: TO_DAY, ...(industry ? { industry } : {}) });
      const res = await getFresh(`${c.url}/api/v1/evaluation?${q}`, c.evaluatorToken);
      expect(res.status, q.toString()).toBe(200);
      answers.push(JSON.parse(res.body) as EvaluationResult);
    }
    const packed = packWeekRows(programmeDayRows(p));
    let estimates = 0;
    cases.forEach(({ transition, outcome, industry }, i) => {
      const where = `${transition} ${outcome} ${industry ?? 'all'}`;
      const api = answers[i]!;
      // The route's defaults are the benchmark's.
      expect(api.settings, where).toMatchObject({
        control: ROUTE_DEFAULTS.control,
        base: ROUTE_DEFAULTS.base,
        anticipation: ROUTE_DEFAULTS.anticipation,
        log: ROUTE_DEFAULTS.log,
        origin: ROUTE_DEFAULTS.origin,
        coverageThreshold: ROUTE_DEFAULTS.coverageThreshold,
        bootstrap: ROUTE_DEFAULTS.bootstrap,
        seed: ROUTE_DEFAULTS.bootstrapSeed,
      });
      const pure = analyseProgramme(routeInput(p, packed, transition, outcome, industry, ROUTE_DEFAULTS.bootstrap));
      expect(pure.panel, where).toEqual(api.panel);
      expect(pure.reason, where).toBe(api.reason);
      const a = api.evaluation?.aggregates.simple?.overall ?? null;
      const b = pure.evaluation?.aggregates.simple?.overall ?? null;
      expect(b === null, where).toBe(a === null);
      if (!a || !b) return;
      for (const key of ['att', 'se', 'lower', 'upper'] as const) {
        expect(b[key], `${where} ${key}`).toBeCloseTo(a[key]!, 9);
      }
      expect(b.nTreated, where).toBe(a.nTreated);
      expect(b.weights, where).toEqual(a.weights);
      const preApi = api.evaluation!.preTest?.pValue ?? null;
      const prePure = pure.evaluation!.preTest?.pValue ?? null;
      if (preApi === null) expect(prePure, where).toBeNull();
      else expect(prePure, where).toBeCloseTo(preApi, 9);
      estimates++;
    });
    // 0→1 on the two outcomes the paper log gives, 1→2 on all five (seed 5).
    expect(estimates).toBeGreaterThanOrEqual(7);
  });
});
