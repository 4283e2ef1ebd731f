import { meanPru, perPlannedSecond } from './model/expect.js';
import { TRANSITIONS } from './model/industries.js';
import { addDays, loadOn, type Programme, paramsAtStage, type SimWorkshop } from './model/programme.js';
import { workshopWindows } from './model/workshop.js';
import { SIMULATOR_VERSION } from './version.js';

/** The outcomes the truth file states, keyed as the evaluation API names them. */
export const TRUTH_OUTCOMES = ['labour_productivity', 'availability', 'performance', 'quality_ratio', 'oee'] as const;
export type TruthOutcome = (typeof TRUTH_OUTCOMES)[number];

/** One outcome of one transition: what the model expects with the stage, without it, and the ratio − 1. */
export interface OutcomeTruth {
  factual: number;
  counterfactual: number;
  /** factual / counterfactual − 1: the relative change, as Korean reports quote it. */
  effect: number;
  /** ln(factual / counterfactual): what the evaluation estimates with `log=true`. */
  logEffect: number;
}

export interface TransitionTruth {
  transition: (typeof TRANSITIONS)[number];
  /** The KST days the stage was in force within the run: its start to the day before the next stage (or the run's end). */
  from: string;
  to: string;
  outcomes: Record<TruthOutcome, OutcomeTruth>;
}

export interface Truth {
  simulatorVersion: string;
  seed: number;
  fromDay: string;
  toDay: string;
  outcomes: readonly TruthOutcome[];
  definitions: Record<TruthOutcome, string>;
  workshops: {
    id: string;
    industry: string;
    cluster: string;
    stages: { stage: number; startedOn: string }[];
    /** The process changes drawn for this workshop (relative: speed up, stops and defects cut). */
    effects: SimWorkshop['effects'];
    transitions: TransitionTruth[];
  }[];
  /** Per transition and outcome: the mean true effect over the workshops that made it, and how many. */
  summary: Record<string, Record<TruthOutcome, { n: number; meanEffect: number; meanLogEffect: number }>>;
}

const DEFINITIONS: Record<TruthOutcome, string> = {
  labour_productivity: 'GQ / (APAT / 3600): expected good units per attended worker-hour',
  availability: 'APT / PBT',
  performance: 'min(1, Σ PRU × PQ / APT)',
  quality_ratio: 'GQ / PQ',
  oee: 'availability × performance × quality_ratio',
};

/**
 * The model's expected outcome of a workshop over [from, to] at a stage: renewal-reward
 * expectations per planned second (model/expect.ts), summed over the planned time of its
 * days with each day's load. The same days at the stage before give the counterfactual.
 */
export function expectedOutcomes(
  w: SimWorkshop,
  stage: number,
  from: string,
  to: string,
): Record<TruthOutcome, number> {
  const params = paramsAtStage(w, stage);
  const prus = w.machines.map((m) => meanPru(m, w.products));
  let pbt = 0;
  let apt = 0;
  let pq = 0;
  let pruPq = 0;
  let gq = 0;
  let apat = 0;
  for (const win of workshopWindows(w, from, to)) {
    const s = (win.endMs - win.startMs) / 1000;
    const load = loadOn(w, win.shiftDay);
    for (const pru of prus) {
      const e = perPlannedSecond(params, pru, load);
      pbt += s;
      apt += s * e.apt;
      pq += s * e.pq;
      pruPq += s * e.pruPq;
      gq += s * e.gq;
    }
  }
  // Attendance: each shift's span plus 7 min early and 5 min late on average, 4 % absent.
  const spans = new Map<string, { a: number; b: number; shift: number }>();
  for (const win of workshopWindows(w, from, to)) {
    const key = `${win.shiftDay}#${win.shift}`;
    const s = spans.get(key);
    if (s) s.b = Math.max(s.b, win.endMs);
    else spans.set(key, { a: win.startMs, b: win.endMs, shift: win.shift });
  }
  for (const s of spans.values()) {
    const n = w.workers.filter((x) => x.shift === Math.min(s.shift, 1)).length;
    apat += n * 0.96 * ((s.b - s.a) / 1000 + 12 * 60);
  }
  const availability = apt / pbt;
  const performance = Math.min(1, pruPq / apt);
  const quality = gq / pq;
  return {
    labour_productivity: gq / (apat / 3600),
    availability,
    performance,
    quality_ratio: quality,
    oee: availability * performance * quality,
  };
}

/** Pure: the truth of a programme — per workshop and transition it made, each outcome's factual, counterfactual and effect. */
export function computeTruth(p: Programme): Truth {
  const summary: Truth['summary'] = {};
  const workshops = p.workshops.map((w) => {
    const transitions: TransitionTruth[] = [];
    w.stages.forEach((st, k) => {
      if (st.stage === 0) return;
      const next = w.stages[k + 1];
      const to = next ? addDays(next.startedOn, -1) : p.toDay;
      const factual = expectedOutcomes(w, st.stage, st.startedOn, to);
      const counter = expectedOutcomes(w, st.stage - 1, st.startedOn, to);
      const outcomes = Object.fromEntries(
        TRUTH_OUTCOMES.map((o) => [
          o,
          {
            factual: factual[o],
            counterfactual: counter[o],
            effect: factual[o] / counter[o] - 1,
            logEffect: Math.log(factual[o] / counter[o]),
          },
        ]),
      ) as Record<TruthOutcome, OutcomeTruth>;
      const transition = TRANSITIONS[st.stage - 1]!;
      transitions.push({ transition, from: st.startedOn, to, outcomes });
      const s =
        summary[transition] ??
        (Object.fromEntries(TRUTH_OUTCOMES.map((o) => [o, { n: 0, meanEffect: 0, meanLogEffect: 0 }])) as Record<
          TruthOutcome,
          { n: number; meanEffect: number; meanLogEffect: number }
        >);
      summary[transition] = s;
      for (const o of TRUTH_OUTCOMES) {
        const x = s[o];
        x.n++;
        x.meanEffect += (outcomes[o].effect - x.meanEffect) / x.n;
        x.meanLogEffect += (outcomes[o].logEffect - x.meanLogEffect) / x.n;
      }
    });
    return {
      id: w.id,
      industry: w.industry,
      cluster: w.cluster,
      stages: w.stages.map((s) => ({ stage: s.stage, startedOn: s.startedOn })),
      effects: w.effects,
      transitions,
    };
  });
  return {
    simulatorVersion: SIMULATOR_VERSION,
    seed: p.seed,
    fromDay: p.fromDay,
    toDay: p.toDay,
    outcomes: TRUTH_OUTCOMES,
    definitions: DEFINITIONS,
    workshops,
    summary,
  };
}
