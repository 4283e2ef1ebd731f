import type {
  CoverageAnswer,
  DescriptiveAnswer,
  EvaluationAnswer,
  EvaluationOutcome,
  ProgrammeKpisAnswer,
  Transition,
} from '@gongbang/collector';
import { api, qs, seg } from '../shared/api';

export type { CoverageAnswer, DescriptiveAnswer, EvaluationAnswer, EvaluationOutcome, ProgrammeKpisAnswer, Transition };

/** Data coverage per workshop and ISO week: `GET /api/v1/programme/coverage`. */
export function programmeCoverage(q: { from?: string; to?: string }): Promise<CoverageAnswer> {
  return api.get<CoverageAnswer>(`/api/v1/programme/coverage${qs(q)}`);
}

/** The programme view with one page of workshop rows: `GET /api/v1/programme/kpis`. */
export function programmeKpis(q: {
  from: string;
  to: string;
  source: 'all' | 'device' | 'manual';
  limit: number;
  offset: number;
}): Promise<ProgrammeKpisAnswer> {
  return api.get<ProgrammeKpisAnswer>(`/api/v1/programme/kpis${qs(q)}`);
}

/** What the evaluation page asks for; the rest are the API's defaults (999 bootstrap draws, seed 20211). */
export interface EvaluationQuery {
  transition: Transition;
  outcome: EvaluationOutcome;
  industry?: string;
  control: 'not-yet' | 'never';
}

/**
 * The staggered difference-in-differences of one transition: `GET /api/v1/evaluation`, without
 * the ATT(g,t) cells (`cells=false`): the page shows the aggregations, and the whole table is the
 * CSV link. On a 400-workshop programme the cells are most of the answer.
 */
export function evaluation(q: EvaluationQuery): Promise<EvaluationAnswer> {
  return api.get<EvaluationAnswer>(`/api/v1/evaluation${qs({ ...q, cells: 'false' })}`);
}

/** The ATT(g,t) table as the collector writes it (`format=csv`): a plain link, the browser downloads it. */
export function evaluationCsvUrl(q: EvaluationQuery): string {
  return `/api/v1/evaluation${qs({ ...q, format: 'csv' })}`;
}

/** One workshop's before/after: `GET /api/v1/workshops/:id/evaluation/descriptive`. */
export function descriptive(
  workshopId: string,
  q: { transition: Transition; outcome: EvaluationOutcome },
): Promise<DescriptiveAnswer> {
  return api.get<DescriptiveAnswer>(`/api/v1/workshops/${seg(workshopId)}/evaluation/descriptive${qs(q)}`);
}
