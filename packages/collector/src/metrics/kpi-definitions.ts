/**
 * The KPIs the engine computes and how they are named: one list for the API, the CSV header
 * and the docs, so they never disagree. The formulas themselves are in formulas.ts.
 *
 * Sources: ISO 22400-2:2014, Automation systems and integration — Key performance indicators
 * (KPIs) for manufacturing operations management — Part 2: Definitions and descriptions
 * (cited by KPI name); OEE.com, "Calculating OEE" (https://www.oee.com/calculating-oee/).
 */

/** The KPI keys, in the order the API, CSV and docs list them. */
export const KPI_KEYS = [
  'availability',
  'effectiveness',
  'performance',
  'quality_ratio',
  'oee',
  'oee_iso',
  'nee',
  'throughput_rate',
  'cycle_time_mean',
  'cycle_time_median',
  'cycle_time_p90',
  'lead_time_median',
  'lead_time_p90',
  'scrap_ratio',
  'rework_ratio',
  'first_pass_yield',
  'worker_efficiency',
  'labour_productivity',
  'standard_hours_per_worker_hour',
] as const;
export type KpiKey = (typeof KPI_KEYS)[number];

/** What the N of a KPI counts. */
export type KpiN = 'machines' | 'units' | 'cycles' | 'orders' | 'workers';

/** How a KPI is computed and named, for the API, the CSV header and the docs alike. */
export interface KpiDefinition {
  /** The formula in element symbols, e.g. `APT / PBT`. */
  formula: string;
  /** `ratio` (0–1), `s`, `units/h`, `units/worker-h` or `h/h`. */
  unit: string;
  /** Label in Korean, shown first. */
  ko: string;
  /** Label in English. */
  en: string;
  /** What N counts for this KPI: `machines`, `units` (produced), `cycles` (histogram entries), `orders` or `workers`. */
  n: KpiN;
  /** Where the definition comes from, or why it is not an ISO KPI. */
  reference: string;
}

const ISO = 'ISO 22400-2:2014';

/** Formula, unit, Korean and English label and reference of every KPI. */
export const KPI_DEFINITIONS: Readonly<Record<KpiKey, KpiDefinition>> = Object.freeze({
  availability: {
    formula: 'APT / PBT',
    unit: 'ratio',
    ko: '시간가동률',
    en: 'Availability',
    n: 'machines',
    reference: `${ISO}, Availability`,
  },
  effectiveness: {
    formula: 'Σ(PRU × PQ) / APT',
    unit: 'ratio',
    ko: '성능가동률 (ISO, 상한 없음)',
    en: 'Effectiveness (ISO, uncapped)',
    n: 'machines',
    reference: `${ISO}, Effectiveness (may exceed 1)`,
  },
  performance: {
    formula: 'min(1, Σ(PRU × PQ) / APT)',
    unit: 'ratio',
    ko: '성능가동률',
    en: 'Performance',
    n: 'machines',
    reference: 'OEE.com, Calculating OEE (Performance, capped at 1)',
  },
  quality_ratio: {
    formula: 'GQ / PQ',
    unit: 'ratio',
    ko: '양품률',
    en: 'Quality ratio',
    n: 'units',
    reference: `${ISO}, Quality ratio`,
  },
  oee: {
    formula: 'availability × performance × quality_ratio',
    unit: 'ratio',
    ko: '설비종합효율 (OEE)',
    en: 'OEE',
    n: 'machines',
    reference: 'OEE.com, Calculating OEE (with capped performance)',
  },
  oee_iso: {
    formula: 'availability × effectiveness × quality_ratio',
    unit: 'ratio',
    ko: '설비종합효율 (ISO)',
    en: 'OEE (ISO)',
    n: 'machines',
    reference: `${ISO}, OEE index`,
  },
  nee: {
    formula: 'AUPT / PBT × effectiveness × quality_ratio, AUPT = APT + ASUT',
    unit: 'ratio',
    ko: '순설비효율 (NEE)',
    en: 'NEE',
    n: 'machines',
    reference: `${ISO}, NEE index (setup is not a loss)`,
  },
  throughput_rate: {
    formula: 'PQ / AOET',
    unit: 'units/h',
    ko: '시간당 생산량',
    en: 'Throughput rate',
    n: 'orders',
    reference: `${ISO}, Throughput rate`,
  },
  cycle_time_mean: {
    formula: 'APT / PQ',
    unit: 's',
    ko: '평균 사이클 타임',
    en: 'Mean cycle time',
    n: 'machines',
    reference: `${ISO} elements APT and PQ`,
  },
  cycle_time_median: {
    formula: 'median of unit cycle times',
    unit: 's',
    ko: '사이클 타임 중앙값',
    en: 'Median cycle time',
    n: 'cycles',
    reference: 'not an ISO KPI: nearest rank on a log histogram, ±0.5 %',
  },
  cycle_time_p90: {
    formula: '90th percentile of unit cycle times',
    unit: 's',
    ko: '사이클 타임 90백분위',
    en: 'Cycle time p90',
    n: 'cycles',
    reference: 'not an ISO KPI: nearest rank on a log histogram, ±0.5 %',
  },
  lead_time_median: {
    formula: 'median of order lead times (release scan → completion scan)',
    unit: 's',
    ko: '리드 타임 중앙값',
    en: 'Median lead time',
    n: 'orders',
    reference: 'not an ISO KPI: nearest rank on a log histogram, ±0.5 %',
  },
  lead_time_p90: {
    formula: '90th percentile of order lead times (release scan → completion scan)',
    unit: 's',
    ko: '리드 타임 90백분위',
    en: 'Lead time p90',
    n: 'orders',
    reference: 'not an ISO KPI: nearest rank on a log histogram, ±0.5 %',
  },
  scrap_ratio: {
    formula: 'SQ / PQ',
    unit: 'ratio',
    ko: '폐기율',
    en: 'Scrap ratio',
    n: 'units',
    reference: `${ISO}, Scrap ratio`,
  },
  rework_ratio: {
    formula: 'RQ / PQ',
    unit: 'ratio',
    ko: '재작업률',
    en: 'Rework ratio',
    n: 'units',
    reference: `${ISO}, Rework ratio`,
  },
  first_pass_yield: {
    formula: '(PQ − SQ − RQ) / PQ',
    unit: 'ratio',
    ko: '직행률',
    en: 'First pass yield',
    n: 'units',
    reference: `${ISO}, First pass yield (every produced unit counts as inspected)`,
  },
  worker_efficiency: {
    formula: 'APWT / APAT',
    unit: 'ratio',
    ko: '작업자 효율',
    en: 'Worker efficiency',
    n: 'workers',
    reference: `${ISO}, Worker efficiency`,
  },
  labour_productivity: {
    formula: 'GQ / (APAT / 3600)',
    unit: 'units/worker-h',
    ko: '인시당 양품 수',
    en: 'Good units per worker-hour',
    n: 'workers',
    reference: 'not an ISO KPI: good output per attended worker-hour',
  },
  standard_hours_per_worker_hour: {
    formula: 'Σ(PRU × PQ) / APAT',
    unit: 'h/h',
    ko: '인시당 표준시간',
    en: 'Standard hours per worker-hour',
    n: 'workers',
    reference: 'not an ISO KPI: standard hours earned per attended hour, for high-mix shops',
  },
});
