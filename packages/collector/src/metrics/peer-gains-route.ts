import { IdSchema } from '@gongbang/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ANY_USER, HttpError, notFound } from '../core/index.js';
import { FORMULA_VERSION } from './formulas.js';
import type { KpiKey } from './kpi-definitions.js';
import { type GainWindows, type PeerGain, peerGains, windowsAround } from './peer-gains.js';
import { addDays, kstDayOf } from './periods.js';
import { MIN_PEERS, type ProgrammeDirectory } from './programme.js';
import { figuresOf, type OriginFilter, programmeTotals, TotalsCache } from './query.js';
import type { RollupStore } from './rollup-store.js';

const Day = z.iso.date();

export const PeerGainsQuerySchema = z.strictObject({
  /** The two windows, all four days or none (then: 8 weeks either side of the latest stage start). */
  beforeFrom: Day.optional(),
  beforeTo: Day.optional(),
  afterFrom: Day.optional(),
  afterTo: Day.optional(),
  source: z.enum(['all', 'device', 'manual']).default('all'),
  coverage: z.coerce.number().min(0).max(1).optional(),
});

/** The answer of `GET /api/v1/workshops/:id/peer-gains`. */
export interface PeerGainsAnswer {
  workshop: string;
  industry: string;
  /** The stage whose start the default windows surround; null when the windows were given. */
  stage: { stage: number; startedOn: string } | null;
  windows: GainWindows | null;
  /** Why there are no figures (no stage start yet, or one too recent), when there are none. */
  reason: 'no_stage_start' | 'stage_too_recent' | null;
  source: OriginFilter;
  coverageThreshold: number;
  minPeers: number;
  formulaVersion: string;
  kpis: Record<KpiKey, PeerGain> | null;
}

export interface PeerGainsRoutesOptions {
  rollups: RollupStore;
  directory: ProgrammeDirectory;
  coverageThreshold: number;
  now: () => number;
}

/**
 * The owner's gain next to the anonymous median gain of similar workshops (same industry) over
 * the same weeks, from the rollups: a comparison, not a causal estimate (that is the programme
 * evaluation's job, for evaluators).
 */
export async function peerGainsRoutes(app: FastifyInstance, opts: PeerGainsRoutesOptions): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cache = new TotalsCache();
  r.get(
    '/api/v1/workshops/:workshopId/peer-gains',
    {
      config: { access: { roles: ANY_USER } },
      schema: {
        summary: "A workshop's change of each KPI beside the median change of similar workshops",
        description:
          'Relative change (after − before) / before of each KPI between two windows (default: the 8 weeks before and from the latest stage start), for the workshop and as the median over the other workshops of its industry, given only where at least 5 contribute. Descriptive, not causal. See docs/metrics.md.',
        tags: ['metrics'],
        params: z.strictObject({ workshopId: IdSchema }),
        querystring: PeerGainsQuerySchema,
      },
    },
    async (request) => {
      const q = request.query;
      const workshopId = request.params.workshopId;
      const entries = await opts.directory();
      const self = entries.find((e) => e.id === workshopId);
      if (!self) throw notFound(`workshop "${workshopId}"`);
      const coverage = q.coverage ?? opts.coverageThreshold;
      const given = [q.beforeFrom, q.beforeTo, q.afterFrom, q.afterTo];
      if (given.some((d) => d !== undefined) && !given.every((d) => d !== undefined)) {
        throw new HttpError('invalid_request', 'give all of beforeFrom, beforeTo, afterFrom, afterTo, or none');
      }
      const lastDay = addDays(kstDayOf(opts.now()), -1);
      let windows: GainWindows | null = null;
      let stage: PeerGainsAnswer['stage'] = null;
      let reason: PeerGainsAnswer['reason'] = null;
      if (q.beforeFrom && q.beforeTo && q.afterFrom && q.afterTo) {
        if (q.beforeFrom > q.beforeTo || q.afterFrom > q.afterTo || q.beforeTo >= q.afterFrom) {
          throw new HttpError(
            'invalid_request',
            'the windows must be in order: beforeFrom ≤ beforeTo < afterFrom ≤ afterTo',
          );
        }
        windows = { before: { from: q.beforeFrom, to: q.beforeTo }, after: { from: q.afterFrom, to: q.afterTo } };
      } else {
        const started = self.stages.filter((s) => s.startedOn <= lastDay);
        const latest = started.reduce<(typeof started)[number] | null>(
          (a, s) => (!a || s.startedOn > a.startedOn ? s : a),
          null,
        );
        if (!latest) reason = 'no_stage_start';
        else {
          stage = { stage: latest.stage, startedOn: latest.startedOn };
          windows = windowsAround(latest.startedOn, lastDay);
          if (!windows) reason = 'stage_too_recent';
        }
      }
      let kpis: PeerGainsAnswer['kpis'] = null;
      if (windows) {
        const w = windows;
        const [before, after] = await Promise.all([
          programmeTotals(opts.rollups, w.before.from, w.before.to, q.source, cache),
          programmeTotals(opts.rollups, w.after.from, w.after.to, q.source, cache),
        ]);
        const figures = (id: string) => {
          const b = before.get(id);
          const a = after.get(id);
          return {
            before: b ? figuresOf('', 0, 'workshop', '', b, coverage) : undefined,
            after: a ? figuresOf('', 0, 'workshop', '', a, coverage) : undefined,
          };
        };
        const peers = entries
          .filter((e) => e.industry === self.industry && e.id !== workshopId)
          .map((e) => figures(e.id));
        kpis = peerGains(figures(workshopId), peers);
      }
      const answer: PeerGainsAnswer = {
        workshop: workshopId,
        industry: self.industry,
        stage,
        windows,
        reason,
        source: q.source,
        coverageThreshold: coverage,
        minPeers: MIN_PEERS,
        formulaVersion: FORMULA_VERSION,
        kpis,
      };
      return answer;
    },
  );
}
