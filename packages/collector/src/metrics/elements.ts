/**
 * The ISO 22400-2 elements the KPI engine keeps per machine, product, worker and workshop and
 * per period. Rollups store these sums, never ratios: every KPI is computed from them at read
 * time, so a rate over a period is always a ratio of sums.
 */

/** Where an element came from. `device`: machine states and counts; `scan`: barcode scans; `manual`: hand entries. */
export const ELEMENT_SOURCES = ['device', 'scan', 'manual'] as const;
export type ElementSource = (typeof ELEMENT_SOURCES)[number];

/**
 * A log-spaced histogram of durations in seconds: bin index → count. Bins are merged by adding
 * counts, so the histograms of hours sum to the day's exactly (see histogram.ts).
 */
export type DurationHistogram = Record<string, number>;

/** Sums of ISO 22400-2 elements over one period and one dimension. Times in seconds. */
export interface Elements {
  /** Planned busy time: planned shift time minus planned breaks, days off and holidays. */
  pbt_s: number;
  /** Actual production time: running inside PBT (setup excluded). */
  apt_s: number;
  /** Actual setup time inside PBT: `setup` states and stops classified as setup. */
  asut_s: number;
  /** Actual delay time inside PBT: fault, and idle/off while an order is open (minor stops included). */
  adet_s: number;
  /** Actual down time inside PBT: idle/off with no order open, or stops classified `no_order`. */
  adot_s: number;
  /** PBT without data: gaps, agent offline, `unknown` state. Never counted as downtime. */
  no_data_s: number;
  /** Running outside PBT (overtime), kept apart so that availability stays APT / PBT. */
  unplanned_apt_s: number;
  /** Produced quantity. */
  pq: number;
  /** Scrap quantity. */
  sq: number;
  /** Rework quantity. */
  rq: number;
  /** Σ PRU × PQ over the units produced, seconds (the numerator of effectiveness). */
  pru_pq_s: number;
  /** Units whose PRU was not known (no product, no machine default): left out of `pru_pq_s`. */
  pq_without_pru: number;
  /** Order execution time of the orders that ended in the period (start scan → end scan). */
  aoet_s: number;
  /** Orders that ended in the period. */
  orders: number;
  /** Personnel attendance time (first to last badge of a worker's day, or manual hours). */
  apat_s: number;
  /** Personnel work time (badge-in to badge-out intervals, or manual hours). */
  apwt_s: number;
  /** Stops (ADET intervals) that started in the period, and how many of them have a reason. */
  stops: number;
  stops_classified: number;
  /** Cycle times of single units (count increments and piece scans while running), seconds. */
  cycle_hist: DurationHistogram;
  /** Lead times of orders that ended in the period, seconds. */
  lead_hist: DurationHistogram;
  /** Distinct machine ids and worker ids that contributed (N for time- and people-based KPIs). */
  machines: string[];
  workers: string[];
  /** Sources that contributed to time elements, to quantities, and to people elements. */
  time_sources: ElementSource[];
  qty_sources: ElementSource[];
  people_sources: ElementSource[];
}

/** All-zero elements. */
export function emptyElements(): Elements {
  return {
    pbt_s: 0,
    apt_s: 0,
    asut_s: 0,
    adet_s: 0,
    adot_s: 0,
    no_data_s: 0,
    unplanned_apt_s: 0,
    pq: 0,
    sq: 0,
    rq: 0,
    pru_pq_s: 0,
    pq_without_pru: 0,
    aoet_s: 0,
    orders: 0,
    apat_s: 0,
    apwt_s: 0,
    stops: 0,
    stops_classified: 0,
    cycle_hist: {},
    lead_hist: {},
    machines: [],
    workers: [],
    time_sources: [],
    qty_sources: [],
    people_sources: [],
  };
}

/** The numeric element keys, in the order the API and CSV list them. */
export const NUMERIC_ELEMENT_KEYS = [
  'pbt_s',
  'apt_s',
  'asut_s',
  'adet_s',
  'adot_s',
  'no_data_s',
  'unplanned_apt_s',
  'pq',
  'sq',
  'rq',
  'pru_pq_s',
  'pq_without_pru',
  'aoet_s',
  'orders',
  'apat_s',
  'apwt_s',
  'stops',
  'stops_classified',
] as const satisfies readonly (keyof Elements)[];
export type NumericElementKey = (typeof NUMERIC_ELEMENT_KEYS)[number];
