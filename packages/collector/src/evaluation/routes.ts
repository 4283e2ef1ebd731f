import { IdSchema } from '@gongbang/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ANY_USER, HttpError, PROGRAMME_ROLES } from '../core/index.js';
import { writeSafeCsv } from '../csv/index.js';
import { FORMULA_VERSION } from '../metrics/formulas.js';
import { kstDayOf } from '../metrics/periods.js';
import type { ProgrammeDirectory } from '../metrics/programme.js';
import type { RollupStore } from '../metrics/rollup-store.js';
import type { AggregationType } from './aggregate.js';
import type { EvaluatedAggregate, EvaluatedEstimate, Evaluation } from './analysis.js';
import { type EvaluationRequest, type EvaluationResult, EvaluationService } from './service.js';
import { EVALUATION_OUTCOMES, TRANSITIONS } from './weekly-panel.js';
import type { EvaluationPool } from './worker-pool.js';

const Day = z.iso.date();

export const EvaluationQuerySchema = z.strictObject({
  transition: z.enum(TRANSITIONS).default('0-1'),
  outcome: z.enum(EVALUATION_OUTCOMES).default('labour_productivity'),
  /** Comparison group: workshops not yet at the next stage (default) or never reaching it. */
  control: z.enum(['not-yet', 'never']).default('not-yet'),
  base: z.enum(['varying', 'universal']).default('varying'),
  anticipation: z.coerce.number().int().min(0).max(52).default(0),
  /** Only workshops of this industry (comparisons within one industry). */
  industry: z.string().min(1).max(64).optional(),
  /** Natural log of the outcome: effects read as (approximately) percent change. Default true. */
  log: z.enum(['true', 'false']).default('true'),
  from: Day.optional(),
  to: Day.optional(),
  source: z.enum(['all', 'device', 'manual']).default('all'),
  coverage: z.coerce.number().min(0).max(1).optional(),
  /** Multiplier bootstrap draws (0: analytic standard errors only). Default 999. */
  bootstrap: z.coerce.number().int().min(0).max(99_999).default(999),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(20_211),
  format: z.enum(['json', 'csv']).default('json'),
  /**
   * `false` leaves the ATT(g,t) cells out of the JSON: `evaluation.attgt` and each estimate's
   * per-cell `weights` (every aggregate with its terms, term weights and N, the settings and the
   * pre-test stay). Default true.
   */
  cells: z.enum(['true', 'false']).default('true'),
});

export const DescriptiveQuerySchema = z.strictObject({
  transition: z.enum(TRANSITIONS).default('0-1'),
  outcome: z.enum(EVALUATION_OUTCOMES).default('labour_productivity'),
  from: Day.optional(),
  to: Day.optional(),
  source: z.enum(['all', 'device', 'manual']).default('all'),
  coverage: z.coerce.number().min(0).max(1).optional(),
});

/** An aggregated estimate as answered: `weights` (one per ATT(g,t) cell) are left out with `cells=false`. */
export type AnsweredEstimate = Omit<EvaluatedEstimate, 'weights'> & { weights?: EvaluatedEstimate['weights'] };
/** An aggregation as answered. */
export type AnsweredAggregate = Omit<EvaluatedAggregate, 'overall' | 'terms'> & {
  overall: AnsweredEstimate;
  terms: AnsweredEstimate[];
};

/**
 * The answer of `GET /api/v1/evaluation` (JSON). With `cells=false` the evaluation has no
 * `attgt` and its estimates no per-cell `weights`: on a 400-workshop programme those are most
 * of the answer (docs/evaluation.md), and the dashboard shows neither.
 */
export type EvaluationAnswer = Omit<EvaluationResult, 'evaluation'> & {
  evaluation:
    | (Omit<Evaluation, 'attgt' | 'aggregates'> & {
        attgt?: Evaluation['attgt'];
        aggregates: Record<AggregationType, AnsweredAggregate | null>;
      })
    | null;
  formulaVersion: string;
};

/** The evaluation without its cells: every aggregation (terms, overall, term weights, N), the settings and the pre-test stay. */
function withoutCells(e: Evaluation): NonNullable<EvaluationAnswer['evaluation']> {
  const { attgt: _cells, aggregates, ...rest } = e;
  const slim = ({ weights: _w, ...est }: EvaluatedEstimate): AnsweredEstimate => est;
  const out = {} as Record<AggregationType, AnsweredAggregate | null>;
  for (const [type, a] of Object.entries(aggregates) as [AggregationType, EvaluatedAggregate | null][]) {
    out[type] = a && { ...a, overall: slim(a.overall), terms: a.terms.map(slim) };
  }
  return { ...rest, aggregates: out };
}

export interface EvaluationRoutesOptions {
  rollups: RollupStore;
  directory: ProgrammeDirectory;
  coverageThreshold: number;
  now: () => number;
  /** The worker threads the estimator runs on; the app starts and stops it. */
  pool: EvaluationPool;
  /** How long a result may be answered `stale` while the current data is analysed, s. */
  maxStaleS: number;
}

/**
 * The stage-gain evaluation for evaluators and admins, and each workshop's descriptive
 * before/after for anyone who may see the workshop (docs/evaluation.md).
 */
export async function evaluationRoutes(app: FastifyInstance, opts: EvaluationRoutesOptions): Promise<void> {
  const service = new EvaluationService(opts.rollups, opts.directory, {
    pool: opts.pool,
    now: opts.now,
    maxStaleS: opts.maxStaleS,
    log: app.log.child({ component: 'evaluation' }),
  });
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/evaluation',
    {
      config: { access: { roles: [...PROGRAMME_ROLES] } },
      schema: {
        summary: 'What a stage transition changed: staggered difference-in-differences',
        description:
          'Callaway & Sant’Anna ATT(g,t) on weekly panels from the KPI rollups, with the simple, event-time, cohort and calendar aggregations, N treated and N comparison, analytic and bootstrap (clustered by workshop) intervals, the settings, data window, seed and versions. `format=csv` gives the ATT(g,t) table; `cells=false` leaves the cells (and the per-cell weights of each estimate) out of the JSON. A result of an earlier data version may be answered at once with `stale: true` while the current data is analysed. See docs/evaluation.md.',
        tags: ['evaluation'],
        querystring: EvaluationQuerySchema,
      },
    },
    async (request, reply) => {
      const q = request.query;
      const req: EvaluationRequest = {
        transition: q.transition,
        outcome: q.outcome,
        control: q.control,
        base: q.base,
        anticipation: q.anticipation,
        industry: q.industry,
        log: q.log === 'true',
        fromDay: q.from,
        toDay: q.to ?? kstDayOf(opts.now()),
        origin: q.source,
        coverageThreshold: q.coverage ?? opts.coverageThreshold,
        bootstrap: q.bootstrap,
        seed: q.seed,
      };
      if (req.fromDay && req.fromDay > req.toDay) throw new HttpError('invalid_request', 'from must not be after to');
      const result = await service.run(req);
      if (q.format === 'csv') {
        reply.type('text/csv; charset=utf-8');
        // The table has no room for them: which data it is of, and whether newer data is being analysed.
        reply.header('x-data-version', result.dataVersion);
        reply.header('x-evaluation-stale', String(result.stale));
        reply.header('content-disposition', `attachment; filename="attgt-${q.transition}-${q.outcome}.csv"`);
        return writeSafeCsv(
          (result.evaluation?.attgt ?? []).map((c) => ({
            group: c.group,
            time: c.time,
            event: c.event,
            att: c.att,
            se: c.se,
            lower: c.lower,
            upper: c.upper,
            n_treated: c.nTreated,
            n_control: c.nControl,
            estimable: c.estimable,
            reason: c.reason ?? '',
          })),
          ['group', 'time', 'event', 'att', 'se', 'lower', 'upper', 'n_treated', 'n_control', 'estimable', 'reason'],
        );
      }
      const evaluation = result.evaluation && q.cells === 'false' ? withoutCells(result.evaluation) : result.evaluation;
      const answer: EvaluationAnswer = { ...result, evaluation, formulaVersion: FORMULA_VERSION };
      return answer;
    },
  );

  r.get(
    '/api/v1/workshops/:workshopId/evaluation/descriptive',
    {
      config: { access: { roles: ANY_USER } },
      schema: {
        summary: "One workshop's before/after around a stage start: descriptive, not causal",
        description:
          'The weekly series of one outcome and a segmented regression (level and slope change with t intervals) at the week the workshop entered the next stage. It has no comparison group: it cannot tell the stage from the season or the market. See docs/evaluation.md.',
        tags: ['evaluation'],
        params: z.strictObject({ workshopId: IdSchema }),
        querystring: DescriptiveQuerySchema,
      },
    },
    async (request) => {
      const q = request.query;
      return service.descriptive(request.params.workshopId, {
        transition: q.transition,
        outcome: q.outcome,
        fromDay: q.from,
        toDay: q.to ?? kstDayOf(opts.now()),
        origin: q.source,
        coverageThreshold: q.coverage ?? opts.coverageThreshold,
      });
    },
  );
}
