import type { Elements } from '../metrics/elements.js';
import { kpis } from '../metrics/formulas.js';
import { addDays, isoWeekMonday, kstDayStartMs } from '../metrics/periods.js';

/** The outcomes an evaluation can be run on, each read from a workshop-week's KPI figures. */
export const EVALUATION_OUTCOMES = [
  'labour_productivity',
  'oee',
  'availability',
  'performance',
  'quality_ratio',
  'throughput_rate',
  'defect_rate',
  'lead_time',
  'cycle_time',
] as const;
export type EvaluationOutcome = (typeof EVALUATION_OUTCOMES)[number];

/** Stage transitions: each is its own analysis among the workshops at the prior stage. */
export const TRANSITIONS = ['0-1', '1-2', '2-3'] as const;
export type Transition = (typeof TRANSITIONS)[number];

const WEEK_MS = 7 * 86_400_000;
/** Monday 1970-01-05 (KST): week index 1. Indices stay positive, so 0 can mean "never treated". */
const FIRST_MONDAY_MS = kstDayStartMs('1970-01-05');

/** The week index (1 = the week of Monday 1970-01-05) of a KST date. */
export function weekIndexOf(day: string): number {
  return Math.round((kstDayStartMs(isoWeekMonday(day)) - FIRST_MONDAY_MS) / WEEK_MS) + 1;
}

/** The Monday (KST date) of a week index. */
export function mondayOfWeek(index: number): string {
  return addDays('1970-01-05', (index - 1) * 7);
}

/**
 * The value of an outcome in one workshop-week, or null when it is missing: the KPI is not `ok`
 * (coverage below the threshold, or a zero denominator). A missing week is missing, never 0.
 * Defect rate is (SQ + RQ) / PQ; lead and cycle time are the week's medians.
 */
export function outcomeOf(e: Elements, outcome: EvaluationOutcome, coverageThreshold: number): number | null {
  const k = kpis(e, { coverageThreshold });
  const ok = (key: keyof typeof k) => (k[key].status === 'ok' ? k[key].value : null);
  switch (outcome) {
    case 'defect_rate': {
      const s = ok('scrap_ratio');
      const r = ok('rework_ratio');
      return s === null || r === null ? null : s + r;
    }
    case 'lead_time':
      return ok('lead_time_median');
    case 'cycle_time':
      return ok('cycle_time_median');
    default:
      return ok(outcome);
  }
}

/** A workshop with what the panel needs of it. */
export interface PanelWorkshop {
  id: string;
  industry: string;
  stages: { stage: number; startedOn: string }[];
}

/** A panel in long form: one row per workshop-week, as the estimator reads it. */
export interface LongPanel {
  unit: string[];
  /** Week index (weekIndexOf). */
  time: number[];
  /** Week index of the first treated week of the row's workshop; 0: never treated in the window. */
  cohort: number[];
  outcome: (number | null)[];
  /** Workshops in the panel, and those left out with the reason. */
  workshops: number;
  excluded: { id: string; reason: string }[];
}

export interface PanelOptions {
  transition: Transition;
  outcome: EvaluationOutcome;
  /** Natural log of the outcome (effects read as percent change); non-positive values are missing. */
  log: boolean;
  coverageThreshold: number;
  /** Only workshops of this industry. */
  industry?: string;
  /** Only weeks whose Monday is in [fromDay, toDay]. */
  fromDay?: string;
  toDay?: string;
}

/**
 * Builds the weekly panel of one transition k → k+1 from workshop-week elements. A workshop is
 * in it when its history has stage k; its rows are the weeks from the first whole week at
 * stage k to the last week before it reached stage k+2; its cohort is the week it entered k+1
 * (0 when it did not within the window). Pure.
 */
export function weeklyPanel(
  workshops: readonly PanelWorkshop[],
  weeks: ReadonlyMap<string, ReadonlyMap<number, Elements>>,
  o: PanelOptions,
): LongPanel {
  const [from, to] = o.transition.split('-').map(Number) as [number, number];
  const out: LongPanel = { unit: [], time: [], cohort: [], outcome: [], workshops: 0, excluded: [] };
  const firstWeek = o.fromDay ? weekIndexOf(o.fromDay) + (o.fromDay === isoWeekMonday(o.fromDay) ? 0 : 1) : -Infinity;
  const lastWeek = o.toDay ? weekIndexOf(o.toDay) : Infinity;
  for (const w of [...workshops].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (o.industry && w.industry !== o.industry) continue;
    const at = (s: number) => w.stages.find((x) => x.stage === s)?.startedOn;
    const enteredPrior = at(from);
    if (!enteredPrior) {
      out.excluded.push({ id: w.id, reason: `never at stage ${from}` });
      continue;
    }
    const entered = at(to);
    const beyond = at(to + 1);
    // The week holding the prior stage's start is partly at the stage before it.
    const start = weekIndexOf(enteredPrior) + (enteredPrior === isoWeekMonday(enteredPrior) ? 0 : 1);
    const end = beyond ? weekIndexOf(beyond) - 1 : Infinity;
    const cohortWeek = entered ? weekIndexOf(entered) : 0;
    const cohort = cohortWeek > lastWeek ? 0 : cohortWeek;
    const series = weeks.get(w.id) ?? new Map<number, Elements>();
    const rows: [number, number | null][] = [];
    for (const [week, e] of [...series.entries()].sort(([a], [b]) => a - b)) {
      if (week < start || week > end || week < firstWeek || week > lastWeek) continue;
      let v = outcomeOf(e, o.outcome, o.coverageThreshold);
      if (v !== null && o.log) v = v > 0 ? Math.log(v) : null;
      rows.push([week, v]);
    }
    if (rows.length === 0) {
      out.excluded.push({ id: w.id, reason: 'no week in the window' });
      continue;
    }
    if (cohort !== 0 && cohort <= (rows[0] as [number, number | null])[0]) {
      // Treated from its first observed week: no period before to compare with.
      out.excluded.push({ id: w.id, reason: 'at the next stage from its first observed week' });
      continue;
    }
    for (const [week, v] of rows) {
      out.unit.push(w.id);
      out.time.push(week);
      out.cohort.push(cohort);
      out.outcome.push(v);
    }
    out.workshops++;
  }
  return out;
}
