import type { OriginFilter } from '../metrics/query.js';
import { type EvaluateOptions, type Evaluation, evaluate } from './analysis.js';
import { buildPanel } from './panel.js';
import { type PackedWeekRows, sumWeekly, unpackWeekRows } from './panel-source.js';
import { mondayOfWeek, type PanelOptions, type PanelWorkshop, weeklyPanel } from './weekly-panel.js';

/** The fewest workshops an analysis needs: at least one entering the stage and one to compare with. */
export const MIN_WORKSHOPS = 2;

/** Everything one programme analysis needs, as plain data (it crosses to a worker thread). */
export interface ProgrammeInput {
  workshops: PanelWorkshop[];
  /** The week rows of the window, packed (packedWeekRows). */
  rows: PackedWeekRows;
  origin: OriginFilter;
  panel: PanelOptions;
  /** The estimator's options; a bootstrap is given by its seed (no generator crosses threads). */
  evaluate: Omit<EvaluateOptions, 'bootstrap'> & { bootstrap?: { draws?: number; seed: number } };
}

/** What one programme analysis finds: the panel's size, the weeks it names, the evaluation or why there is none. */
export interface ProgrammeAnalysis {
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
  reason: string | null;
}

/**
 * The whole CPU part of `GET /api/v1/evaluation`: sums the week rows, builds the weekly panel of
 * the transition and runs the estimator. Pure, so it runs on a worker thread.
 */
export function analyseProgramme(input: ProgrammeInput): ProgrammeAnalysis {
  const weeks = sumWeekly(unpackWeekRows(input.rows), input.origin);
  const panel = weeklyPanel(input.workshops, weeks, input.panel);
  const treated = new Set(panel.unit.filter((_, i) => (panel.cohort[i] as number) > 0)).size;
  let evaluation: Evaluation | null = null;
  let reason: string | null = null;
  if (panel.workshops < MIN_WORKSHOPS || treated === 0) {
    reason =
      treated === 0
        ? `no workshop entered stage ${input.panel.transition.split('-')[1]} inside the window`
        : `${panel.workshops} workshop(s) in the panel; at least ${MIN_WORKSHOPS} are needed`;
  } else {
    evaluation = evaluate(
      buildPanel({ unit: panel.unit, time: panel.time, cohort: panel.cohort, outcome: panel.outcome }),
      input.evaluate,
    );
  }
  return {
    panel: {
      workshops: panel.workshops,
      treated,
      rows: panel.unit.length,
      observed: panel.outcome.filter((v) => v !== null).length,
      excluded: panel.excluded,
    },
    weeks: Object.fromEntries(
      [...new Set([...panel.time, ...panel.cohort.filter((c) => c > 0)])]
        .sort((a, b) => a - b)
        .map((w) => [w, mondayOfWeek(w)]),
    ),
    evaluation,
    reason,
  };
}
