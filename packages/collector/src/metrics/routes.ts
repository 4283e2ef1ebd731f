import { IdSchema } from '@gongbang/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ANY_USER, HttpError, PROGRAMME_ROLES, requirePrincipal } from '../core/index.js';
import { DIMENSIONS, type Dimension } from './buckets.js';
import { CoverageCache, programmeCoverage } from './coverage.js';
import { kpisToCsv } from './csv.js';
import type { StopInterval } from './day-input.js';
import { FORMULA_VERSION } from './formulas.js';
import { KPI_DEFINITIONS } from './kpi-definitions.js';
import { addDays, GRANULARITIES, type Granularity, isoWeekMonday, kstDayOf } from './periods.js';
import {
  type PeerMedians,
  type ProgrammeDirectory,
  type ProgrammeView,
  peerMedians,
  programmeView,
} from './programme.js';
import { type KpiFigures, type OriginFilter, TotalsCache, workshopKpis } from './query.js';
import type { RollupStore } from './rollup-store.js';

const DaySchema = z.iso.date();
const MAX_DAYS = { hour: 31, shift: 93, day: 800, week: 800, month: 1_200 } as const;

const RangeSchema = {
  /** First KST day, inclusive. Default: 6 days before `to`. */
  from: DaySchema.optional(),
  /** Last KST day, inclusive. Default: today (KST). */
  to: DaySchema.optional(),
  /** Rows of readings (`device`), of hand entries (`manual`), or both (default). */
  source: z.enum(['all', 'device', 'manual']).default('all'),
  /** Coverage below which a device-based KPI is "insufficient data", 0–1. Default: the config's `metrics.coverageThreshold` (0.8). */
  coverage: z.coerce.number().min(0).max(1).optional(),
  format: z.enum(['json', 'csv']).default('json'),
};

export const KpiQuerySchema = z.strictObject({
  ...RangeSchema,
  granularity: z.enum(GRANULARITIES).default('day'),
  /** List every machine, product or worker (or the workshop, default). */
  by: z.enum(DIMENSIONS).default('workshop'),
  machine: IdSchema.optional(),
  product: IdSchema.optional(),
  worker: IdSchema.optional(),
  /** Add `peers`: the median of the other workshops of the same industry (when at least 5 contribute). Default false. */
  peers: z.enum(['true', 'false']).default('false'),
});

export const ProgrammeQuerySchema = z.strictObject({
  ...RangeSchema,
  /** Workshops per page of `workshops` (the groups always cover every workshop). Default: all. */
  limit: z.coerce.number().int().min(1).max(1_000).optional(),
  /** Workshops to skip before the page. Default 0. */
  offset: z.coerce.number().int().min(0).default(0),
});

export const CoverageQuerySchema = z.strictObject({
  /** First KST day (its ISO week is the first column). Default: 52 weeks, the last one `to`'s. */
  from: DaySchema.optional(),
  /** Last KST day, inclusive. Default: today (KST). */
  to: DaySchema.optional(),
});

export const StopsQuerySchema = z.strictObject({
  from: DaySchema.optional(),
  to: DaySchema.optional(),
  machine: IdSchema.optional(),
  /** Include minor stops (shorter than the minor-stop threshold). Default false. */
  minor: z.enum(['true', 'false']).default('false'),
});

function range(q: { from?: string; to?: string }, now: number, maxDays: number): { fromDay: string; toDay: string } {
  const toDay = q.to ?? kstDayOf(now);
  const fromDay = q.from ?? new Date(Date.parse(`${toDay}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
  if (fromDay > toDay) throw new HttpError('invalid_request', 'from must not be after to');
  const days = (Date.parse(`${toDay}T00:00:00Z`) - Date.parse(`${fromDay}T00:00:00Z`)) / 86_400_000 + 1;
  if (days > maxDays)
    throw new HttpError('invalid_request', `at most ${maxDays} days at this granularity, got ${days}`);
  return { fromDay, toDay };
}

/** The JSON answer of `GET /api/v1/workshops/:id/kpis`. */
export interface KpiAnswer {
  workshop: string;
  /** KST days, inclusive. */
  from: string;
  to: string;
  granularity: Granularity;
  dim: Dimension;
  source: OriginFilter;
  coverageThreshold: number;
  formulaVersion: string;
  /** Days of the range still waiting to be computed (their figures may change). */
  pendingDays: string[];
  periods: KpiFigures[];
  /** The whole range, per dimension id. */
  total: KpiFigures[];
  /** With `peers=true` (and `by=workshop`): the median of the same industry's other workshops. */
  peers: PeerMedians | null;
}

/** The answer of `GET /api/v1/workshops/:id/stops`. */
export interface StopsAnswer {
  workshop: string;
  from: string;
  to: string;
  stops: StopInterval[];
}
/** The answer of `GET /api/v1/programme/kpis` (JSON). */
export type ProgrammeKpisAnswer = ProgrammeView & {
  from: string;
  to: string;
  source: 'all' | 'device' | 'manual';
  coverageThreshold: number;
  formulaVersion: string;
  /** Which workshops `workshops` holds: `total` in all, from `offset`, at most `limit` (null: all). */
  page: { offset: number; limit: number | null; total: number };
};

export interface KpiRoutesOptions {
  rollups: RollupStore;
  /** Coverage threshold when a request gives none, 0–1. */
  coverageThreshold: number;
  directory: ProgrammeDirectory;
  now: () => number;
}

/**
 * KPIs of a workshop, the programme view for evaluators, and the stops to classify. Every
 * figure carries its N, coverage, sources and the formula version; a figure below the coverage
 * threshold is "insufficient_data", never a number.
 */
export async function kpiRoutes(app: FastifyInstance, opts: KpiRoutesOptions): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Sums of closed periods are read once per revision of their rows (see programmeTotals).
  const totals = new TotalsCache();
  const coverageRows = new CoverageCache();

  r.get(
    '/api/v1/workshops/:workshopId/kpis',
    {
      config: { access: { roles: ANY_USER } },
      schema: {
        summary: "A workshop's ISO 22400-2 KPIs per period",
        description:
          'Element sums and KPIs per hour, shift, day, ISO week or month (KST), for the workshop or per machine, product or worker, with N, coverage, sources and formula version. With `peers=true`, `peers`: the median of the other workshops of the same industry, given only when at least 5 contribute. See docs/metrics.md.',
        tags: ['metrics'],
        params: z.strictObject({ workshopId: IdSchema }),
        querystring: KpiQuerySchema,
      },
    },
    async (request, reply) => {
      const q = request.query;
      const { fromDay, toDay } = range(q, opts.now(), MAX_DAYS[q.granularity]);
      const picked = (['machine', 'product', 'worker'] as const).filter((d) => q[d] !== undefined);
      if (picked.length > 1) throw new HttpError('invalid_request', 'give at most one of machine, product, worker');
      const dim = picked[0] ?? q.by;
      const dimId = picked[0] ? q[picked[0]] : dim === 'workshop' ? '' : undefined;
      const workshopId = request.params.workshopId;
      const result = await workshopKpis(opts.rollups, {
        workshopId,
        fromDay,
        toDay,
        granularity: q.granularity,
        dim,
        dimId,
        origin: q.source,
        coverageThreshold: q.coverage ?? opts.coverageThreshold,
      });
      const pending = await opts.rollups.dirtyDays(workshopId, fromDay, toDay);
      if (q.format === 'csv') {
        reply.type('text/csv; charset=utf-8');
        reply.header('content-disposition', `attachment; filename="kpis-${workshopId}-${fromDay}-${toDay}.csv"`);
        return kpisToCsv(result.periods.map((p) => ({ workshop: workshopId, ...p })));
      }
      const peers =
        q.peers === 'true' && dim === 'workshop'
          ? await peerMedians(
              opts.rollups,
              opts.directory,
              workshopId,
              fromDay,
              toDay,
              {
                source: q.source,
                coverage: q.coverage ?? opts.coverageThreshold,
              },
              totals,
            )
          : null;
      const answer: KpiAnswer = {
        workshop: workshopId,
        from: fromDay,
        to: toDay,
        granularity: q.granularity,
        dim,
        source: q.source,
        coverageThreshold: q.coverage ?? opts.coverageThreshold,
        formulaVersion: FORMULA_VERSION,
        pendingDays: pending,
        periods: result.periods,
        total: result.total,
        peers,
      };
      return answer;
    },
  );

  r.get(
    '/api/v1/programme/kpis',
    {
      config: { access: { roles: [...PROGRAMME_ROLES] } },
      schema: {
        summary: 'The programme at a glance: KPIs per workshop, industry, stage and cluster',
        description:
          'Totals over the range per workshop, and per industry, stage (at the end of the range) and cluster the median and quartiles (type 7) of each KPI over the workshops whose value is `ok`, with N. See docs/metrics.md.',
        tags: ['metrics'],
        querystring: ProgrammeQuerySchema,
      },
    },
    async (request, reply) => {
      const q = request.query;
      const { fromDay, toDay } = range(q, opts.now(), MAX_DAYS.month);
      const coverage = q.coverage ?? opts.coverageThreshold;
      const view = await programmeView(opts.rollups, opts.directory, fromDay, toDay, q.source, coverage, totals);
      const total = view.workshops.length;
      // A page of the workshop rows (400 of them with every KPI are over a megabyte); the groups are over all.
      if (q.limit !== undefined || q.offset > 0) {
        view.workshops = view.workshops.slice(q.offset, q.limit === undefined ? undefined : q.offset + q.limit);
      }
      if (q.format === 'csv') {
        reply.type('text/csv; charset=utf-8');
        reply.header('content-disposition', `attachment; filename="programme-kpis-${fromDay}-${toDay}.csv"`);
        return kpisToCsv(view.workshops.flatMap((w) => (w.figures ? [{ workshop: w.id, ...w.figures }] : [])));
      }
      const answer: ProgrammeKpisAnswer = {
        from: fromDay,
        to: toDay,
        source: q.source,
        coverageThreshold: coverage,
        formulaVersion: FORMULA_VERSION,
        page: { offset: q.offset, limit: q.limit ?? null, total },
        ...view,
      };
      return answer;
    },
  );

  r.get(
    '/api/v1/programme/coverage',
    {
      config: { access: { roles: [...PROGRAMME_ROLES] } },
      schema: {
        summary: 'Data coverage of every workshop, week by week',
        description:
          "For the evaluator's heatmap: per workshop and ISO week (KST), the share of planned busy time with data, (PBT − no data) / PBT, from the week rollups; `manual` for a week of hand entries only, null for a week with neither. At most 800 days. See docs/dashboard.md.",
        tags: ['metrics'],
        querystring: CoverageQuerySchema,
      },
    },
    async (request) => {
      const q = request.query;
      const toDay = q.to ?? kstDayOf(opts.now());
      const { fromDay } = range(
        { from: q.from ?? addDays(isoWeekMonday(toDay), -7 * 51), to: toDay },
        opts.now(),
        MAX_DAYS.week,
      );
      return programmeCoverage(opts.rollups, opts.directory, fromDay, toDay, opts.coverageThreshold, coverageRows);
    },
  );

  r.get(
    '/api/v1/workshops/:workshopId/stops',
    {
      config: { access: { roles: ANY_USER } },
      schema: {
        summary: "A workshop's stops, with their reasons",
        description:
          'Delay time (ADET) of each machine, contiguous inside planned time, as the last computation found it. Classify one with PUT /api/v1/workshops/{id}/stops/reason.',
        tags: ['metrics'],
        params: z.strictObject({ workshopId: IdSchema }),
        querystring: StopsQuerySchema,
      },
    },
    async (request) => {
      requirePrincipal(request);
      const q = request.query;
      const { fromDay, toDay } = range(q, opts.now(), 93);
      const fromMs = Date.parse(`${fromDay}T00:00:00+09:00`);
      const toMs = Date.parse(`${toDay}T00:00:00+09:00`) + 86_400_000;
      const stops = await opts.rollups.stops(request.params.workshopId, fromMs, toMs, q.machine);
      const answer: StopsAnswer = {
        workshop: request.params.workshopId,
        from: fromDay,
        to: toDay,
        stops: stops.filter((s) => q.minor === 'true' || !s.minor),
      };
      return answer;
    },
  );

  r.get(
    '/api/v1/kpi-definitions',
    {
      config: { access: { roles: ANY_USER } },
      schema: { summary: 'What each KPI means: formula, unit, N, labels in Korean and English', tags: ['metrics'] },
    },
    async () => ({ formulaVersion: FORMULA_VERSION, kpis: KPI_DEFINITIONS }),
  );
}
