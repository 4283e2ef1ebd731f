import { type CalendarInput, kstDayOf, kstDayStartMs } from '@gongbang/collector';
import { Random } from '../random.js';
import { holidayBridgeDays } from './calendar.js';
import {
  INDUSTRIES,
  INDUSTRY_IDS,
  type IndustryId,
  type IndustryParams,
  type StageEffect,
  TRANSITIONS,
  type Transition,
} from './industries.js';

const DAY_MS = 86_400_000;

/** The process of one workshop at one stage: what the generator draws from (industries.ts explains each). */
export interface ProcessParams {
  performance: number;
  cycleSigma: number;
  setupMeanS: number;
  minorStopsPerRunH: number;
  minorStopMeanS: number;
  faultsPerRunH: number;
  faultMeanS: number;
  waitsPerRunH: number;
  waitMeanS: number;
  scrapRate: number;
  reworkRate: number;
  orderQty: number;
  orderQtySigma: number;
}

export interface SimMachine {
  id: string;
  name: string;
  kind: string;
  /** The state and counter device (a plug or meter): source of its machine_state and count readings. */
  source: string;
  /** The barcode scanner at the machine. */
  scanner: string;
  /** The operation (id) this machine performs on every product. */
  operation: string;
  defaultPruS: number;
}

export interface SimProduct {
  id: string;
  name: string;
  /** Operation id → PRU, seconds per unit. */
  pruS: Record<string, number>;
  /** Share of orders. */
  weight: number;
}

export interface SimStage {
  stage: number;
  startedOn: string;
  level: 'ict_none' | 'basic' | 'intermediate1' | 'intermediate2';
}

/** One simulated workshop: registry facts, its process at stage 0, its stage history and true effects. */
export interface SimWorkshop {
  id: string;
  index: number;
  nameKo: string;
  nameEn: string;
  industry: IndustryId;
  cluster: string;
  calendar: CalendarInput & { daysOff: { date: string; reason: string }[] };
  machines: SimMachine[];
  products: SimProduct[];
  /** Worker ids and the shift (0 day, 1 night) each works. */
  workers: { id: string; shift: number }[];
  stages: SimStage[];
  base: ProcessParams;
  /** This workshop's true effects (heterogeneous around the industry's means). */
  effects: Record<Transition, StageEffect>;
  /** Share of planned time with an order before the season, and the month factors. */
  load: number;
  season: readonly number[];
  counting: 'counter' | 'scan';
  countEveryMs: number;
  dropoutsPerH: number;
  dropoutMeanS: number;
  agentId: string;
}

export interface ProgrammeOptions {
  workshops: number;
  months: number;
  /** Instead of `months`: this many days up to `toDay` (short runs, tests). */
  days?: number;
  seed: number;
  /** Last simulated KST day, `YYYY-MM-DD`; default yesterday (KST). */
  toDay?: string;
}

export interface Programme {
  seed: number;
  fromDay: string;
  toDay: string;
  workshops: SimWorkshop[];
}

/** Planned windows end before the agent's power-off, so a night shift's last reading is in range. */
export function defaultToDay(nowMs: number): string {
  return kstDayOf(nowMs - DAY_MS);
}

/** `months` whole calendar months back from `toDay` (same day of month), plus one day. */
export function fromDayOf(toDay: string, months: number): string {
  const d = new Date(`${toDay}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return kstDayOf(kstDayStartMs(day) + n * DAY_MS);
}

export function daysBetween(a: string, b: string): number {
  return Math.round((kstDayStartMs(b) - kstDayStartMs(a)) / DAY_MS);
}

/** Pure: the whole programme for a seed — same seed and options, same workshops, byte for byte. */
export function buildProgramme(opts: ProgrammeOptions): Programme {
  if (!Number.isInteger(opts.workshops) || opts.workshops < 1)
    throw new Error(`workshops must be ≥ 1, got ${opts.workshops}`);
  if (!(opts.months > 0) && !(opts.days && opts.days > 0)) throw new Error(`months must be > 0, got ${opts.months}`);
  const toDay = opts.toDay ?? defaultToDay(Date.now());
  const fromDay = opts.days ? addDays(toDay, 1 - opts.days) : fromDayOf(toDay, opts.months);
  const root = new Random(opts.seed);
  const workshops: SimWorkshop[] = [];
  for (let i = 0; i < opts.workshops; i++) {
    const industry = INDUSTRY_IDS[i % INDUSTRY_IDS.length] as IndustryId;
    workshops.push(buildWorkshop(root.fork(`ws${i}`), opts.seed, i, INDUSTRIES[industry], fromDay, toDay));
  }
  return { seed: opts.seed, fromDay, toDay, workshops };
}

function buildWorkshop(
  rng: Random,
  seed: number,
  index: number,
  p: IndustryParams,
  fromDay: string,
  toDay: string,
): SimWorkshop {
  const id = `sim${seed}-${String(index + 1).padStart(3, '0')}`;
  const nMachines = rng.int(p.machines[0], p.machines[1]);
  const nProducts = rng.int(p.products[0], p.products[1]);
  const kinds = Array.from({ length: nMachines }, (_, k) => p.machineKinds[k % p.machineKinds.length]!);
  const products: SimProduct[] = Array.from({ length: nProducts }, (_, k) => ({
    id: `p${k + 1}`,
    name: `${p.nameKo} 제품 ${k + 1}`,
    pruS: Object.fromEntries(
      [...new Set(kinds.map((kd) => kd.id))].map((op) => {
        const kd = p.machineKinds.find((x) => x.id === op)!;
        return [op, round2(rng.uniform(kd.pruS[0], kd.pruS[1]))];
      }),
    ),
    weight: rng.uniform(0.5, 2),
  }));
  const machines: SimMachine[] = kinds.map((kd, k) => {
    const mean = products.reduce((s, pr) => s + (pr.pruS[kd.id] ?? 0), 0) / products.length;
    return {
      id: `m${k + 1}`,
      name: `${kd.nameKo} ${k + 1}호`,
      kind: kd.id,
      source: `plug-m${k + 1}`,
      scanner: `scan-m${k + 1}`,
      operation: kd.id,
      defaultPruS: round2(mean),
    };
  });
  const night = p.nightShift && rng.chance(p.nightShiftShare) ? p.nightShift : null;
  const weekly = structuredClone(p.weekly) as CalendarInput['weekly'];
  if (night) {
    for (const d of ['mon', 'tue', 'wed', 'thu', 'fri'] as const) {
      const dayShift = weekly[d];
      weekly[d] = [{ ...(dayShift as object), name: '주간' } as never, { ...night, name: '야간' }];
    }
  }
  const extra = rng.int(p.extraHolidayDays[0], p.extraHolidayDays[1]);
  const nWorkers = rng.int(p.workers[0], p.workers[1]) + (night ? 2 : 0);
  const workers = Array.from({ length: nWorkers }, (_, k) => ({
    id: `w${k + 1}`,
    shift: night && k % 3 === 2 ? 1 : 0,
  }));
  const vary = (x: number, sd: number) => x * Math.exp(rng.normal(0, sd));
  const base: ProcessParams = {
    performance: Math.min(0.92, vary(p.performance, 0.06)),
    cycleSigma: p.cycleSigma,
    setupMeanS: vary(p.setupMeanS, 0.2),
    minorStopsPerRunH: vary(p.minorStopsPerRunH, 0.25),
    minorStopMeanS: Math.min(75, p.minorStopMeanS),
    faultsPerRunH: vary(p.faultsPerRunH, 0.3),
    faultMeanS: vary(p.faultMeanS, 0.2),
    waitsPerRunH: vary(p.waitsPerRunH, 0.3),
    waitMeanS: p.waitMeanS,
    scrapRate: vary(p.scrapRate, 0.25),
    reworkRate: vary(p.reworkRate, 0.25),
    orderQty: p.orderQty,
    orderQtySigma: p.orderQtySigma,
  };
  const effects = Object.fromEntries(
    TRANSITIONS.map((t) => {
      const m = p.effects[t];
      const draw = (x: number) => Math.max(0, x * (1 + rng.normal(0, p.effectSpread)));
      return [
        t,
        { speed: draw(m.speed), stops: Math.min(0.8, draw(m.stops)), defects: Math.min(0.8, draw(m.defects)) },
      ];
    }),
  ) as Record<Transition, StageEffect>;
  return {
    id,
    index,
    nameKo: `${p.nameKo} 공방 ${index + 1}`,
    nameEn: `${p.nameEn} workshop ${index + 1}`,
    industry: p.industry,
    cluster: rng.pick(p.clusters),
    calendar: { weekly, publicHolidaysOff: true, daysOff: holidayBridgeDays(fromDay, toDay, extra) },
    machines,
    products,
    workers,
    stages: stageHistory(rng, fromDay, toDay),
    base,
    effects,
    load: Math.min(0.95, vary(p.load, 0.08)),
    season: p.season,
    counting: p.counting,
    countEveryMs: p.countEveryMs,
    dropoutsPerH: p.dropoutsPerH,
    dropoutMeanS: p.dropoutMeanS,
    agentId: `${id}-agent-1`,
  };
}

const LEVELS = ['ict_none', 'basic', 'intermediate1', 'intermediate2'] as const;

/**
 * Staggered starts on Mondays: 15 % stay at stage 0 (the never-treated comparison); the rest
 * reach stage 1 between 10 % and 60 % of the range, then stage 2 (60 %) and 3 (50 %) when there
 * is room; a stage lasts at least two weeks before the next.
 */
function stageHistory(rng: Random, fromDay: string, toDay: string): SimStage[] {
  const n = daysBetween(fromDay, toDay) + 1;
  const out: SimStage[] = [{ stage: 0, startedOn: fromDay, level: 'ict_none' }];
  if (rng.chance(0.15)) return out;
  let at = monday(addDays(fromDay, Math.floor(rng.uniform(0.1, 0.6) * n)), fromDay);
  for (let stage = 1; stage <= 3; stage++) {
    if (daysBetween(at, toDay) < 7) break;
    out.push({ stage, startedOn: at, level: LEVELS[stage]! });
    if (!rng.chance(stage === 1 ? 0.6 : 0.5)) break;
    at = monday(addDays(at, Math.max(14, Math.floor(rng.uniform(0.15, 0.35) * n))), fromDay);
  }
  return out;
}

/** The Monday on or after `day` (never before `fromDay` + 1). */
function monday(day: string, fromDay: string): string {
  let d = day;
  while (new Date(`${d}T00:00:00Z`).getUTCDay() !== 1 || d <= fromDay) d = addDays(d, 1);
  return d;
}

/** The workshop's process at `stage`: each transition's effect applied multiplicatively. */
export function paramsAtStage(w: SimWorkshop, stage: number): ProcessParams {
  const p = { ...w.base };
  for (let s = 1; s <= stage; s++) {
    const e = w.effects[TRANSITIONS[s - 1]!];
    p.performance *= 1 + e.speed;
    const keep = 1 - e.stops;
    p.setupMeanS *= keep;
    p.minorStopsPerRunH *= keep;
    p.faultsPerRunH *= keep;
    p.waitsPerRunH *= keep;
    p.scrapRate *= 1 - e.defects;
    p.reworkRate *= 1 - e.defects;
  }
  return p;
}

/** The stage a workshop is at on a KST day. */
export function stageOn(w: SimWorkshop, day: string): number {
  let s = 0;
  for (const st of w.stages) if (st.startedOn <= day) s = st.stage;
  return s;
}

/** Share of planned time with an order on a KST day: the workshop's load times its industry's month. */
export function loadOn(w: SimWorkshop, day: string): number {
  const month = Number(day.slice(5, 7)) - 1;
  return Math.min(0.97, w.load * (w.season[month] ?? 1));
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
