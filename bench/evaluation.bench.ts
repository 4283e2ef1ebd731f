// The staggered DiD on a programme-sized weekly panel: 400 workshops × 104 weeks, 999 bootstrap
// draws, every aggregation (docs/evaluation.md, "Performance"). Simulated: quarterly (8) or
// monthly (24) cohorts plus never-treated workshops, 5 % missing weeks, 20 clusters or one per unit.
import { buildPanel, evaluate, mulberry32, type PanelColumns } from '../packages/collector/src/evaluation/index.js';
import { median } from './stats.js';

function simulate(cohorts: number, seed: number): PanelColumns {
  const rng = mulberry32(seed);
  const cols = {
    unit: [] as string[],
    time: [] as number[],
    cohort: [] as number[],
    outcome: [] as (number | null)[],
    cluster: [] as string[],
  };
  for (let u = 0; u < 400; u++) {
    const k = u % (cohorts + 2); // two shares never treated
    const g = k < cohorts ? 10 + Math.floor((k * 90) / cohorts) : 0;
    const level = 100 + 20 * rng.next();
    for (let t = 1; t <= 104; t++) {
      const effect = g > 0 && t >= g ? 5 : 0;
      const y = rng.next() < 0.05 ? null : level + 3 * Math.sin(t / 8) + effect + 4 * (rng.next() - 0.5);
      cols.unit.push(`w${u}`);
      cols.time.push(t);
      cols.cohort.push(g);
      cols.outcome.push(y);
      cols.cluster.push(`c${u % 20}`);
    }
  }
  return cols;
}

export async function run(log: (msg: string) => void): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [cohorts, clustered] of [
    [8, true],
    [24, true],
    [24, false],
  ] as const) {
    const { cluster, ...unclustered } = simulate(cohorts, cohorts);
    const panel = buildPanel(clustered ? { ...unclustered, cluster } : unclustered);
    const ms: number[] = [];
    let cells = 0;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const ev = evaluate(panel, { bootstrap: { draws: 999, seed: i } });
      ms.push(performance.now() - t0);
      cells = ev.attgt.length;
    }
    const m = Math.round(median(ms));
    const by = clustered ? '20 clusters' : 'unit clusters';
    log(`400 units × 104 weeks, ${cohorts} cohorts (${cells} cells), 999 draws, ${by}: median ${m} ms`);
    out[`cohorts${cohorts}-${clustered ? 'clusters20' : 'units'}`] = {
      units: 400,
      periods: 104,
      cells,
      draws: 999,
      medianMs: m,
    };
  }
  return out;
}
