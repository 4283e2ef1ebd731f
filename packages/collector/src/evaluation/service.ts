import { HttpError } from '../core/index.js';
import { addDays } from '../metrics/periods.js';
import type { ProgrammeDirectory } from '../metrics/programme.js';
import type { OriginFilter } from '../metrics/query.js';
import type { RollupStore } from '../metrics/rollup-store.js';
import type { Evaluation } from './analysis.js';
import { packedWeekRows, weeklyElements } from './panel-source.js';
import { trendBreak } from './trend-break.js';
import { type EvaluationOutcome, mondayOfWeek, outcomeOf, type Transition, weekIndexOf } from './weekly-panel.js';
import type { EvaluationPool } from './worker-pool.js';

/** The settings of one programme analysis, as the API takes them. */
export interface EvaluationRequest {
  transition: Transition;
  outcome: EvaluationOutcome;
  control: 'not-yet' | 'never';
  base: 'varying' | 'universal';
  anticipation: number;
  industry?: string;
  log: boolean;
  /** First and last KST day of the data window; without `fromDay`, the 3 years before `toDay`. */
  fromDay?: string;
  toDay: string;
  origin: OriginFilter;
  coverageThreshold: number;
  /** Multiplier bootstrap draws; 0: analytic standard errors only. */
  bootstrap: number;
  seed: number;
}

/** What one programme analysis answers. */
export interface EvaluationResult {
  settings: EvaluationRequest;
  scale: 'log' | 'level';
  dataWindow: { from: string; to: string };
  dataVersion: string;
  panel: {
    workshops: number;
    treated: number;
    rows: number;
    observed: number;
    excluded: { id: string; reason: string }[];
  };
  /** The Monday (KST) of every week index used as `group` or `time`. */
  weeks: Record<string, string>;
  evaluation: Evaluation | null;
  /** Why there is no evaluation, when there is none. */
  reason: string | null;
  /** Answered from memory (same settings; the same data version unless `stale`). */
  cached: boolean;
  /**
   * Computed on an earlier data version (its own `dataVersion`, computed at `computedAt`) and
   * answered at once while the analysis of the current data runs in the background.
   */
  stale: boolean;
  /** When this result was computed (ISO 8601, UTC). */
  computedAt: string;
}

/** Options of the {@link EvaluationService}. */
export interface EvaluationServiceOptions {
  /** Where `evaluate()` runs: worker threads, off the event loop. */
  pool: EvaluationPool;
  /** Clock, UTC ms. */
  now: () => number;
  /**
   * A result at most this old (s) is answered `stale` while the current data is analysed in the
   * background; an older one is not served. 0: never answer stale. Default 900.
   */
  maxStaleS?: number;
  /** Where a failed background analysis is reported. */
  log?: { warn: (obj: object, msg: string) => void };
}

interface Kept {
  /** Data version and stage histories it was computed on. */
  key: string;
  result: EvaluationResult;
  computedAtMs: number;
  /** Order in which the computations started: a late answer never replaces a newer result. */
  seq: number;
}

/** The answer of `GET /api/v1/workshops/:id/evaluation/descriptive`: one workshop's before/after, descriptive, not causal. */
export type DescriptiveAnswer = Awaited<ReturnType<EvaluationService['descriptive']>>;

const DEFAULT_WINDOW_DAYS = 3 * 364;
const CACHE_SIZE = 32;

/**
 * Runs the programme analysis on weekly panels read from the rollups, the estimator on worker
 * threads, and keeps the last result per settings: a repeated request answers from memory until
 * a day is computed again or a stage history changes. Then, for `maxStaleS`, the last result is
 * answered at once marked `stale` while the current data is analysed in the background; requests
 * for the same settings and data share one computation.
 */
export class EvaluationService {
  private readonly cache = new Map<string, Kept>();
  private readonly inflight = new Map<string, Promise<EvaluationResult>>();
  private readonly maxStaleMs: number;
  private seq = 0;

  constructor(
    private readonly rollups: RollupStore,
    private readonly directory: ProgrammeDirectory,
    private readonly options: EvaluationServiceOptions,
  ) {
    this.maxStaleMs = (options.maxStaleS ?? 900) * 1000;
  }

  async run(req: EvaluationRequest): Promise<EvaluationResult> {
    const [version, entries] = await Promise.all([this.rollups.dataVersion(), this.directory()]);
    const stages = JSON.stringify(entries.map((e) => [e.id, e.industry, e.stages]));
    const settings = JSON.stringify(req);
    const key = JSON.stringify([version, stages]);
    const kept = this.cache.get(settings);
    if (kept?.key === key) return { ...kept.result, cached: true, stale: false };

    const inflightKey = JSON.stringify([settings, key]);
    let fresh = this.inflight.get(inflightKey);
    if (!fresh) {
      const seq = ++this.seq;
      fresh = this.compute(req, version, entries).then((result) => {
        const now = this.cache.get(settings);
        if (!now || now.seq < seq) {
          this.cache.delete(settings);
          this.cache.set(settings, { key, result, computedAtMs: Date.parse(result.computedAt), seq });
          if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
        }
        return result;
      });
      const settled = () => this.inflight.delete(inflightKey);
      fresh.then(settled, settled);
      this.inflight.set(inflightKey, fresh);
    }
    if (kept && this.options.now() - kept.computedAtMs < this.maxStaleMs) {
      fresh.catch((err: unknown) => this.options.log?.warn({ err }, 'background evaluation failed'));
      return { ...kept.result, cached: true, stale: true };
    }
    return fresh;
  }

  private async compute(
    req: EvaluationRequest,
    version: string,
    entries: Awaited<ReturnType<ProgrammeDirectory>>,
  ): Promise<EvaluationResult> {
    const fromDay = req.fromDay ?? addDays(req.toDay, -DEFAULT_WINDOW_DAYS);
    // Only the read happens here, in chunks; summing, the panel and the estimator run on a worker.
    const rows = await packedWeekRows(this.rollups, fromDay, req.toDay);
    const found = await this.options.pool.analyse({
      workshops: entries.map((e) => ({ id: e.id, industry: e.industry, stages: e.stages })),
      rows,
      origin: req.origin,
      panel: {
        transition: req.transition,
        outcome: req.outcome,
        log: req.log,
        coverageThreshold: req.coverageThreshold,
        industry: req.industry,
        fromDay,
        toDay: req.toDay,
      },
      evaluate: {
        control: req.control,
        base: req.base,
        anticipation: req.anticipation,
        bootstrap: req.bootstrap > 0 ? { draws: req.bootstrap, seed: req.seed } : undefined,
      },
    });
    return {
      settings: req,
      scale: req.log ? 'log' : 'level',
      dataWindow: { from: fromDay, to: req.toDay },
      dataVersion: version,
      ...found,
      cached: false,
      stale: false,
      computedAt: new Date(this.options.now()).toISOString(),
    };
  }

  /** One workshop's weekly series and its trend break at the week it entered the next stage. */
  async descriptive(
    workshopId: string,
    req: Pick<EvaluationRequest, 'transition' | 'outcome' | 'fromDay' | 'toDay' | 'origin' | 'coverageThreshold'>,
  ) {
    const entry = (await this.directory()).find((e) => e.id === workshopId);
    if (!entry) throw new HttpError('not_found', `workshop "${workshopId}" not found`);
    const [from, to] = req.transition.split('-').map(Number) as [number, number];
    const at = (s: number) => entry.stages.find((x) => x.stage === s)?.startedOn;
    const fromDay = req.fromDay ?? at(from) ?? addDays(req.toDay, -DEFAULT_WINDOW_DAYS);
    const weeks = (await weeklyElements(this.rollups, fromDay, req.toDay, req.origin, workshopId)).get(workshopId);
    const beyond = at(to + 1);
    const series = [...(weeks ?? new Map()).entries()]
      .filter(([w]) => !beyond || w < weekIndexOf(beyond))
      .sort(([a], [b]) => a - b)
      .map(([w, e]) => ({ week: mondayOfWeek(w), index: w, value: outcomeOf(e, req.outcome, req.coverageThreshold) }));
    const entered = at(to);
    const base = {
      workshop: workshopId,
      transition: req.transition,
      outcome: req.outcome,
      kind: 'descriptive' as const,
      note: {
        ko: '기술 통계입니다: 이 작업장 하나의 전후 비교이며, 비교 집단이 없어 단계의 효과(인과)를 말하지 않습니다.',
        en: 'Descriptive: this one workshop before and after; with no comparison group it does not tell the effect of the stage.',
      },
      stageStartedOn: entered ?? null,
      series: series.map(({ week, value }) => ({ week, value })),
    };
    if (!entered) return { ...base, trend: null, reason: `has not entered stage ${to}` };
    const breakWeek = weekIndexOf(entered);
    return {
      ...base,
      breakWeek: mondayOfWeek(breakWeek),
      trend: trendBreak(
        series.map((s) => s.index),
        series.map((s) => s.value),
        breakWeek,
      ),
      reason: null,
    };
  }
}
