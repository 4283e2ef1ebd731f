import { writeSafeCsv } from '../csv/index.js';
import { NUMERIC_ELEMENT_KEYS } from './elements.js';
import { KPI_KEYS } from './kpi-definitions.js';
import type { KpiFigures } from './query.js';

const ELEMENT_COLUMNS = [...NUMERIC_ELEMENT_KEYS, 'gq'] as const;

/** The CSV columns: the period and dimension, the elements, then value, status, N and coverage of each KPI. */
export const KPI_CSV_COLUMNS = [
  'workshop',
  'period',
  'dim',
  'dim_id',
  'origins',
  ...ELEMENT_COLUMNS,
  'time_sources',
  'qty_sources',
  'people_sources',
  ...KPI_KEYS.flatMap((k) => [k, `${k}_status`, `${k}_n`, `${k}_coverage`]),
  'formula_version',
];

/** Figures as CSV through the collector's one safe CSV writer. */
export function kpisToCsv(rows: readonly (KpiFigures & { workshop: string })[]): string {
  return writeSafeCsv(
    rows.map((f) => {
      const out: Record<string, unknown> = {
        workshop: f.workshop,
        period: f.period,
        dim: f.dim,
        dim_id: f.dimId,
        origins: f.origins.join(' '),
        time_sources: f.elements.time_sources.join(' '),
        qty_sources: f.elements.qty_sources.join(' '),
        people_sources: f.elements.people_sources.join(' '),
        formula_version: f.formulaVersion,
      };
      for (const k of ELEMENT_COLUMNS) out[k] = f.elements[k];
      for (const k of KPI_KEYS) {
        const v = f.kpis[k];
        out[k] = v.value;
        out[`${k}_status`] = v.status;
        out[`${k}_n`] = v.n;
        out[`${k}_coverage`] = v.coverage;
      }
      return out;
    }),
    KPI_CSV_COLUMNS,
  );
}
