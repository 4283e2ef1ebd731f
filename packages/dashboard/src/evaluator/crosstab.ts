import type { CoverageAnswer, CoverageWorkshop } from '@gongbang/collector';

/** Counts of workshops per (row key, stage), the stages as columns (null = no stage yet, last). */
export interface Crosstab {
  stages: (number | null)[];
  rows: { key: string; counts: number[]; total: number }[];
  totals: number[];
  total: number;
}

export function crosstab(workshops: readonly CoverageWorkshop[], keyOf: (w: CoverageWorkshop) => string): Crosstab {
  const stageSet = new Set(workshops.map((w) => w.stage));
  const stages = [...stageSet].sort((a, b) => (a === null ? 1 : b === null ? -1 : a - b));
  const col = new Map(stages.map((s, i) => [s, i]));
  const byKey = new Map<string, number[]>();
  for (const w of workshops) {
    const key = keyOf(w);
    const counts = byKey.get(key) ?? stages.map(() => 0);
    counts[col.get(w.stage) as number]! += 1;
    byKey.set(key, counts);
  }
  const rows = [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, counts]) => ({ key, counts, total: counts.reduce((s, n) => s + n, 0) }));
  const totals = stages.map((_, i) => rows.reduce((s, r) => s + (r.counts[i] as number), 0));
  return { stages, rows, totals, total: workshops.length };
}

/** Per group of workshops: cells at or above the threshold, below it, hand entries only, empty, and the mean coverage. */
export interface CoverageTally {
  key: string;
  workshops: number;
  cells: number;
  ok: number;
  low: number;
  manual: number;
  empty: number;
  /** Mean over the cells with a coverage figure; null when none has one. */
  mean: number | null;
}

export function tallyCoverage(answer: CoverageAnswer, keyOf: (w: CoverageWorkshop) => string): CoverageTally[] {
  const by = new Map<string, CoverageTally & { sum: number; counted: number }>();
  answer.workshops.forEach((w, r) => {
    const key = keyOf(w);
    let t = by.get(key);
    if (!t) {
      t = { key, workshops: 0, cells: 0, ok: 0, low: 0, manual: 0, empty: 0, mean: null, sum: 0, counted: 0 };
      by.set(key, t);
    }
    t.workshops += 1;
    for (const c of answer.cells[r] ?? []) {
      t.cells += 1;
      if (c === null) t.empty += 1;
      else if (c === 'manual') t.manual += 1;
      else {
        t.sum += c;
        t.counted += 1;
        if (c >= answer.coverageThreshold) t.ok += 1;
        else t.low += 1;
      }
    }
  });
  return [...by.values()]
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .map(({ sum, counted, ...t }) => ({ ...t, mean: counted > 0 ? sum / counted : null }));
}
