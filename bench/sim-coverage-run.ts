// One programme of the sim-coverage benchmark: simulate it, build the week rows the collector
// would hold, run the route's analysis on each transition, outcome and industry, and set each
// estimate beside its truth. CPU only, no I/O.
import {
  analyseProgramme,
  buildPanel,
  type EvaluationOutcome,
  evaluate,
  type ProgrammeInput,
  sumWeekly,
  type Transition,
  unpackWeekRows,
  weeklyPanel,
} from '../packages/collector/src/evaluation/index.js';
import { addDays } from '../packages/collector/src/metrics/periods.js';
import { buildProgramme, type Programme, type SimWorkshop, simulateWorkshop } from '../packages/simulator/src/index.js';
import { expectedOutcomes, type TruthOutcome } from '../packages/simulator/src/truth.js';
import {
  type DayRow,
  deviceDayElements,
  estimandTruth,
  manualDayElements,
  packWeekRows,
  type TruthUnit,
} from './sim-coverage-panel.js';

/** What `GET /api/v1/evaluation` uses when a request gives nothing but the transition, outcome and industry. */
export const ROUTE_DEFAULTS = {
  control: 'not-yet',
  base: 'varying',
  anticipation: 0,
  log: true,
  origin: 'all',
  coverageThreshold: 0.8,
  bootstrap: 999,
  bootstrapSeed: 20_211,
} as const;

export interface SeedOptions {
  workshops: number;
  months: number;
  seed: number;
  toDay: string;
  transitions: readonly Transition[];
  outcomes: readonly (EvaluationOutcome & TruthOutcome)[];
  /** Also each industry alone (`industry=`). */
  byIndustry: boolean;
  /** Multiplier bootstrap draws (0: analytic standard errors). */
  bootstrap: number;
}

/** One estimate beside its truth. */
export interface SeedRecord {
  seed: number;
  transition: Transition;
  outcome: EvaluationOutcome;
  industry: string | null;
  /** Null when the route would answer without an evaluation (or with no overall estimate). */
  att: number | null;
  se: number | null;
  lower: number | null;
  upper: number | null;
  /** The estimand's true value (estimandTruth); null when there is no estimate. */
  truth: number | null;
  /** Treated workshops in the estimate's cells (the API's `nTreated`); 0 without an estimate. */
  nTreated: number;
  /** The fewest comparison workshops of any cell the estimate weighs (the API's `nControlMin`). */
  nControlMin: number;
  /** Workshops entering the next stage in the panel, and all workshops of the panel. */
  panelTreated: number;
  panelWorkshops: number;
  preTestP: number | null;
  /**
   * Diagnostic: the same estimator (analytic) on the model's expected outcome in the same observed
   * weeks, no noise and no measurement: what the design alone gives (parallel trends, weights).
   */
  attExpected: number | null;
  reason: string | null;
}

/** The collector's week rows of a programme, from the simulator's own day accounting and paper logs. */
export function programmeDayRows(p: Programme): DayRow[] {
  const rows: DayRow[] = [];
  for (const w of p.workshops) {
    for (const d of simulateWorkshop(w, p.fromDay, p.toDay)) {
      if (d.accounting)
        rows.push({
          workshopId: w.id,
          origin: 'device',
          day: d.day,
          elements: deviceDayElements(d.accounting.total, w.counting),
        });
      if (d.manual)
        rows.push({ workshopId: w.id, origin: 'manual', day: d.day, elements: manualDayElements(d.manual) });
    }
  }
  return rows;
}

/** The analysis input the route would build for these settings. */
export function routeInput(
  p: Programme,
  rows: ProgrammeInput['rows'],
  transition: Transition,
  outcome: EvaluationOutcome,
  industry: string | null,
  bootstrap: number,
): ProgrammeInput {
  return {
    workshops: p.workshops.map((w) => ({
      id: w.id,
      industry: w.industry,
      stages: w.stages.map((s) => ({ stage: s.stage, startedOn: s.startedOn })),
    })),
    rows,
    origin: ROUTE_DEFAULTS.origin,
    panel: {
      transition,
      outcome,
      log: ROUTE_DEFAULTS.log,
      coverageThreshold: ROUTE_DEFAULTS.coverageThreshold,
      ...(industry ? { industry } : {}),
      fromDay: p.fromDay,
      toDay: p.toDay,
    },
    evaluate: {
      control: ROUTE_DEFAULTS.control,
      base: ROUTE_DEFAULTS.base,
      anticipation: ROUTE_DEFAULTS.anticipation,
      bootstrap: bootstrap > 0 ? { draws: bootstrap, seed: ROUTE_DEFAULTS.bootstrapSeed } : undefined,
    },
  };
}

/** Every estimate of one programme beside its truth. */
export function analyseSeed(o: SeedOptions): SeedRecord[] {
  const p = buildProgramme({ workshops: o.workshops, months: o.months, seed: o.seed, toDay: o.toDay });
  const packed = packWeekRows(programmeDayRows(p));
  const weeks = sumWeekly(unpackWeekRows(packed), ROUTE_DEFAULTS.origin);
  const byId = new Map(p.workshops.map((w) => [w.id, w]));
  const expected = memoExpected();
  const industries = o.byIndustry ? [null, ...new Set(p.workshops.map((w) => w.industry))] : [null];
  const out: SeedRecord[] = [];
  for (const transition of o.transitions) {
    const [k, k1] = transition.split('-').map(Number) as [number, number];
    for (const industry of industries) {
      for (const outcome of o.outcomes) {
        const input = routeInput(p, packed, transition, outcome, industry, o.bootstrap);
        const found = analyseProgramme(input);
        const simple = found.evaluation?.aggregates.simple?.overall ?? null;
        const base = {
          seed: o.seed,
          transition,
          outcome,
          industry,
          nTreated: simple?.nTreated ?? 0,
          nControlMin: simple?.nControlMin ?? 0,
          panelTreated: found.panel.treated,
          panelWorkshops: found.panel.workshops,
          preTestP: found.evaluation?.preTest?.pValue ?? null,
        };
        if (!simple || simple.att === null || simple.lower === null || simple.upper === null) {
          out.push({
            ...base,
            att: null,
            se: null,
            lower: null,
            upper: null,
            truth: null,
            attExpected: null,
            reason: found.reason ?? 'no estimable cell after a start',
          });
          continue;
        }
        // The same panel again, for which weeks each workshop is observed in.
        const panel = weeklyPanel(input.workshops, weeks, input.panel);
        const units = new Map<string, TruthUnit & { observed: Set<number> }>();
        panel.unit.forEach((id, i) => {
          let u = units.get(id);
          if (!u) {
            const w = byId.get(id)!;
            u = { cohort: panel.cohort[i]!, observed: new Set(), effect: (t) => trueLogEffect(w, k, k1, t, outcome) };
            units.set(id, u);
          }
          if (panel.outcome[i] !== null) u.observed.add(panel.time[i]!);
        });
        out.push({
          ...base,
          att: simple.att,
          se: simple.se,
          lower: simple.lower,
          upper: simple.upper,
          truth: estimandTruth(simple.weights, [...units.values()]),
          attExpected: expectedDid(panel, k, k1, outcome),
          reason: null,
        });
      }
    }
  }
  return out;

  /** The estimator on the model's expected log outcome in the panel's observed rows. */
  function expectedDid(panel: ReturnType<typeof weeklyPanel>, k: number, k1: number, outcome: TruthOutcome) {
    const cols = { unit: [] as string[], time: [] as number[], cohort: [] as number[], outcome: [] as number[] };
    panel.unit.forEach((id, i) => {
      if (panel.outcome[i] === null) return;
      const w = byId.get(id)!;
      const t = panel.time[i]!;
      const cohort = panel.cohort[i]!;
      const stage = cohort > 0 && t >= cohort ? k1 : k;
      const [a, b] = clip(w, stage, t);
      cols.unit.push(id);
      cols.time.push(t);
      cols.cohort.push(cohort);
      cols.outcome.push(Math.log(expected(w, stage, a, b)[outcome]));
    });
    try {
      return (
        evaluate(buildPanel(cols), {
          control: ROUTE_DEFAULTS.control,
          base: ROUTE_DEFAULTS.base,
          anticipation: ROUTE_DEFAULTS.anticipation,
        }).aggregates.simple?.overall.att ?? null
      );
    } catch {
      return null;
    }
  }

  /** The days of week t inside the workshop's span at `stage`. */
  function clip(w: SimWorkshop, stage: number, t: number): [string, string] {
    const start = w.stages.find((s) => s.stage === stage)!.startedOn;
    const next = w.stages.find((s) => s.stage === stage + 1)?.startedOn;
    const end = next ? addDays(next, -1) : p.toDay;
    const monday = addDays('1970-01-05', (t - 1) * 7);
    // Dates as text: the later start and the earlier end by sorting (Math.max would give NaN).
    return [[monday, start].sort()[1]!, [addDays(monday, 6), end].sort()[0]!];
  }

  /** ln of the model's expected outcome at k+1 over at k, over the days of week t at stage k+1. */
  function trueLogEffect(w: SimWorkshop, k: number, k1: number, t: number, outcome: TruthOutcome): number {
    const [a, b] = clip(w, k1, t);
    return Math.log(expected(w, k1, a, b)[outcome] / expected(w, k, a, b)[outcome]);
  }
}

function memoExpected() {
  const memo = new Map<string, ReturnType<typeof expectedOutcomes>>();
  return (w: SimWorkshop, stage: number, from: string, to: string) => {
    const key = `${w.id}\u0000${stage}\u0000${from}\u0000${to}`;
    let v = memo.get(key);
    if (!v) {
      v = expectedOutcomes(w, stage, from, to);
      memo.set(key, v);
    }
    return v;
  };
}
