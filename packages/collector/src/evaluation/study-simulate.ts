import { normalCdf } from './distributions.js';
import type { PanelColumns } from './panel.js';
import { mulberry32, type Rng } from './random.js';

/**
 * A simulated programme with a known truth, for the study that checks the estimator
 * (docs/evaluation.md, "A check anyone can rerun"). Pure and seeded: the same options and seed give
 * the same panel, bit for bit. The outcome is log labour productivity of workshop i in week t:
 *
 *   yᵢₜ = levelᵢ + season_industry(t) + trendᵢ·t/52 + τᵢ·ramp(t − gᵢ)·1{t ≥ gᵢ} + εᵢₜ
 *
 * - levelᵢ = the industry's level + N(0, levelSd²): heterogeneous levels (DiD removes them).
 * - season: per industry a yearly cosine (amplitude, peak week) and a dip in the 설날 and 추석 weeks
 *   (short weeks: the holidays take 3 working days). Holiday weeks move with the lunar calendar;
 *   by default they are approximately the ISO weeks of 2025–2027 (설날 5, 8, 6; 추석 41, 39, 37),
 *   one entry per simulated year, repeating.
 * - trendᵢ = the industry's trend (log points per year) + N(0, trendSd²): workshop-specific.
 * - τᵢ ~ N(effect.mean, effect.sd²) per treated workshop, reached linearly over effect.rampWeeks
 *   weeks (ramp(e) = min(1, (e + 1)/rampWeeks); 1 = a step at the start).
 * - εᵢₜ: AR(1) with coefficient noise.ar and stationary sd noise.sd (ar 0 = iid).
 * - Missing weeks: each workshop-week missing with probability missingShare, at random; a missing
 *   week is null, never 0.
 * - Cohorts: each workshop independently never treated (probability neverShare) or in one of the
 *   cohorts (start weeks, equal shares). With selectionOnTrends = s > 0 the draw is made on a
 *   latent score s·zᵢ + √(1 − s²)·uᵢ (zᵢ the workshop's standardised trend deviation, uᵢ ~ N(0, 1)),
 *   the highest scores starting first: parallel trends then fail on purpose.
 *
 * The industry figures are illustrative, not measured; every one is a parameter.
 */

export interface IndustryProfile {
  id: string;
  /** Mean log labour productivity (log pieces per worker-hour). */
  level: number;
  /** Mean trend, log points per year. */
  trend: number;
  /** Half the peak-to-trough swing of the yearly curve, log points. */
  amplitude: number;
  /** Week of the year (1–52) of the seasonal peak. */
  peakWeek: number;
  /** Drop in a 설날 or 추석 week, log points. */
  holidayDip: number;
}

export const DEFAULT_INDUSTRIES: readonly IndustryProfile[] = Object.freeze([
  { id: 'garment_sewing', level: 1.6, trend: 0.02, amplitude: 0.08, peakWeek: 10, holidayDip: 0.3 },
  { id: 'jewelry', level: 0.9, trend: 0.01, amplitude: 0.1, peakWeek: 48, holidayDip: 0.25 },
  { id: 'machinery_metal', level: 1.3, trend: 0.05, amplitude: 0.03, peakWeek: 26, holidayDip: 0.2 },
  { id: 'handmade_shoes', level: 1.1, trend: 0, amplitude: 0.06, peakWeek: 36, holidayDip: 0.3 },
  { id: 'printing', level: 2.2, trend: 0.04, amplitude: 0.07, peakWeek: 50, holidayDip: 0.25 },
]);

export interface SimulationOptions {
  /** Workshops (default 400). */
  workshops?: number;
  /** Weeks, numbered 1…weeks (default 104). */
  weeks?: number;
  /** Week of the year (1–52) of week 1 (default 1). */
  firstWeekOfYear?: number;
  industries?: readonly IndustryProfile[];
  /** Sd of the workshop level around its industry's (default 0.3). */
  levelSd?: number;
  /** Sd of the workshop trend around its industry's, log points per year (default 0.02). */
  trendSd?: number;
  /** Multiplies every yearly curve and holiday dip (default 1; 0 = no seasonality). */
  seasonalityScale?: number;
  /** Week of the year of 설날 and 추석 in each simulated year, repeating. */
  holidays?: { seollal: readonly number[]; chuseok: readonly number[] };
  /** Stationary sd and AR(1) coefficient of the noise (default 0.08 and 0.5). */
  noise?: { sd: number; ar: number };
  /** Share of workshop-weeks missing at random (default 0.05). */
  missingShare?: number;
  /** Start weeks of the cohorts (default 8, evenly from 12 % to 85 % of the weeks). */
  cohorts?: readonly number[];
  /** Share never treated within the window (default 0.3). */
  neverShare?: number;
  /** Per-workshop true effect in log points: mean, sd, weeks to reach it (default 0.08, 0.04, 8). */
  effect?: { mean: number; sd: number; rampWeeks: number };
  /** 0 (default) to 1: how strongly steeper trends start earlier. */
  selectionOnTrends?: number;
}

export type ResolvedSimulation = Required<SimulationOptions>;

export const DEFAULT_HOLIDAYS = Object.freeze({ seollal: [5, 8, 6], chuseok: [41, 39, 37] });

export function defaultCohorts(weeks: number): number[] {
  const first = Math.max(2, Math.round(weeks * 0.12));
  const last = Math.max(first, Math.round(weeks * 0.85));
  const out = new Set<number>();
  for (let k = 0; k < 8; k++) out.add(Math.round(first + ((last - first) * k) / 7));
  return [...out];
}

export function resolveSimulation(o: SimulationOptions = {}): ResolvedSimulation {
  const weeks = o.weeks ?? 104;
  const r: ResolvedSimulation = {
    workshops: o.workshops ?? 400,
    weeks,
    firstWeekOfYear: o.firstWeekOfYear ?? 1,
    industries: o.industries ?? DEFAULT_INDUSTRIES,
    levelSd: o.levelSd ?? 0.3,
    trendSd: o.trendSd ?? 0.02,
    seasonalityScale: o.seasonalityScale ?? 1,
    holidays: o.holidays ?? DEFAULT_HOLIDAYS,
    noise: o.noise ?? { sd: 0.08, ar: 0.5 },
    missingShare: o.missingShare ?? 0.05,
    cohorts: o.cohorts ?? defaultCohorts(weeks),
    neverShare: o.neverShare ?? 0.3,
    effect: o.effect ?? { mean: 0.08, sd: 0.04, rampWeeks: 8 },
    selectionOnTrends: o.selectionOnTrends ?? 0,
  };
  const int = (name: string, v: number, min: number) => {
    if (!Number.isInteger(v) || v < min) throw new Error(`simulation: ${name} must be an integer ≥ ${min}, got ${v}`);
  };
  int('workshops', r.workshops, 2);
  int('weeks', r.weeks, 3);
  int('firstWeekOfYear', r.firstWeekOfYear, 1);
  int('effect.rampWeeks', r.effect.rampWeeks, 1);
  for (const g of r.cohorts) {
    if (!Number.isInteger(g) || g < 2 || g > weeks) throw new Error(`simulation: cohort ${g} not in 2…${weeks}`);
  }
  if (r.cohorts.length === 0 || new Set(r.cohorts).size !== r.cohorts.length) {
    throw new Error('simulation: cohorts must be distinct start weeks, at least one');
  }
  if (r.industries.length === 0) throw new Error('simulation: at least one industry');
  const unit = (name: string, v: number, maxExclusive: boolean) => {
    if (!(v >= 0 && (maxExclusive ? v < 1 : v <= 1))) throw new Error(`simulation: ${name} out of range: ${v}`);
  };
  unit('missingShare', r.missingShare, true);
  unit('neverShare', r.neverShare, true);
  unit('selectionOnTrends', r.selectionOnTrends, false);
  unit('noise.ar', Math.abs(r.noise.ar), true);
  for (const [name, v] of [
    ['levelSd', r.levelSd],
    ['trendSd', r.trendSd],
    ['noise.sd', r.noise.sd],
    ['effect.sd', r.effect.sd],
    ['seasonalityScale', r.seasonalityScale],
  ] as const) {
    if (!(v >= 0 && Number.isFinite(v))) throw new Error(`simulation: ${name} must be ≥ 0, got ${v}`);
  }
  return Object.freeze(r);
}

/** One simulated programme: the panel, and what is true in it. */
export interface SimulatedProgramme {
  options: ResolvedSimulation;
  /** Long panel, unit-major (row = unit·weeks + week − 1); unit ids `w0`, `w1`, … */
  columns: PanelColumns & { unit: string[]; time: number[]; cohort: number[]; outcome: (number | null)[] };
  /** Industry index of each workshop (into options.industries). */
  industry: Int32Array;
  /** Cohort of each workshop (0 = never treated). */
  cohort: Int32Array;
  /** True effect in every row (0 before the start and for never-treated workshops). */
  effect: Float64Array;
}

/** Standard normal draws from the injected generator (Box–Muller, both values used). */
export function gaussian(rng: Rng): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(1 - rng.next()));
    const a = 2 * Math.PI * rng.next();
    spare = r * Math.sin(a);
    return r * Math.cos(a);
  };
}

/** The seasonal component of every week for one industry (length weeks, index t − 1). */
export function seasonCurve(o: ResolvedSimulation, p: IndustryProfile): Float64Array {
  const out = new Float64Array(o.weeks);
  for (let t = 1; t <= o.weeks; t++) {
    const k = o.firstWeekOfYear - 1 + t - 1;
    const woy = (k % 52) + 1;
    const year = Math.floor(k / 52);
    const pick = (list: readonly number[]) => list[year % list.length];
    let s = p.amplitude * Math.cos((2 * Math.PI * (woy - p.peakWeek)) / 52);
    if (woy === pick(o.holidays.seollal) || woy === pick(o.holidays.chuseok)) s -= p.holidayDip;
    out[t - 1] = o.seasonalityScale * s;
  }
  return out;
}

/** Simulates one programme from `seed`. */
export function simulateProgramme(options: SimulationOptions, seed: number): SimulatedProgramme {
  const o = resolveSimulation(options);
  const rng = mulberry32(seed);
  const normal = gaussian(rng);
  const { workshops: n, weeks: W } = o;
  const seasons = o.industries.map((p) => seasonCurve(o, p));
  const starts = [...o.cohorts].sort((a, b) => a - b);
  const treatedShare = (1 - o.neverShare) / starts.length;
  const s = o.selectionOnTrends;
  const innovationSd = o.noise.sd * Math.sqrt(1 - o.noise.ar * o.noise.ar);

  const rows = n * W;
  const columns = {
    unit: new Array<string>(rows),
    time: new Array<number>(rows),
    cohort: new Array<number>(rows),
    outcome: new Array<number | null>(rows),
  };
  const industry = new Int32Array(n);
  const cohort = new Int32Array(n);
  const effect = new Float64Array(rows);
  for (let i = 0; i < n; i++) {
    const ind = Math.floor(rng.next() * o.industries.length);
    const p = o.industries[ind]!;
    const level = p.level + o.levelSd * normal();
    const z = normal();
    const trend = p.trend + o.trendSd * z;
    // Latent score → cohort: the top share starts first, …, the bottom neverShare never.
    const u = normalCdf(s * z + Math.sqrt(1 - s * s) * normal());
    const k = Math.floor((1 - u) / treatedShare);
    const g = k < starts.length ? starts[k]! : 0;
    const tau = o.effect.mean + o.effect.sd * normal();
    industry[i] = ind;
    cohort[i] = g;
    let eps = o.noise.sd * normal();
    const id = `w${i}`;
    for (let t = 1; t <= W; t++) {
      if (t > 1) eps = o.noise.ar * eps + innovationSd * normal();
      const row = i * W + t - 1;
      const e = g > 0 && t >= g ? tau * Math.min(1, (t - g + 1) / o.effect.rampWeeks) : 0;
      effect[row] = e;
      const missing = rng.next() < o.missingShare;
      columns.unit[row] = id;
      columns.time[row] = t;
      columns.cohort[row] = g;
      columns.outcome[row] = missing ? null : level + seasons[ind]![t - 1]! + (trend * t) / 52 + e + eps;
    }
  }
  return { options: o, columns, industry, cohort, effect };
}
