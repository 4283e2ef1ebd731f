import type { CalendarInput } from '@gongbang/collector';

/** The five focus industries of the programme (docs/registry.md, `industry`). */
export const INDUSTRY_IDS = ['garment_sewing', 'jewelry', 'machinery_metal', 'handmade_shoes', 'printing'] as const;
export type IndustryId = (typeof INDUSTRY_IDS)[number];

/** A stage transition: 0→1 sensors and barcodes, 1→2 data-driven work, 2→3 robot collaboration. */
export const TRANSITIONS = ['0-1', '1-2', '2-3'] as const;
export type Transition = (typeof TRANSITIONS)[number];

/**
 * The true effect of one stage transition on the process, as relative changes applied
 * multiplicatively: `speed` raises the performance (cycle time = PRU / performance), `stops`
 * cuts the rates of minor stops, breakdowns and material waits and the setup times, `defects`
 * cuts the scrap and rework rates. E.g. `{ speed: 0.04, stops: 0.15, defects: 0.2 }`.
 */
export interface StageEffect {
  speed: number;
  stops: number;
  defects: number;
}

/** A kind of machine of an industry and the PRU range (s per unit) of its operations. */
export interface MachineKind {
  id: string;
  nameKo: string;
  pruS: readonly [number, number];
}

type Weekly = CalendarInput['weekly'];

/**
 * Everything that makes a workshop of one industry: the parameters, not constants — a
 * programme draws each workshop's own values from these ranges (model/programme.ts).
 * Times in seconds unless the name says otherwise; rates per hour of running.
 */
export interface IndustryParams {
  industry: IndustryId;
  nameKo: string;
  nameEn: string;
  clusters: readonly string[];
  machines: readonly [number, number];
  machineKinds: readonly MachineKind[];
  workers: readonly [number, number];
  /** `counter`: count readings from a sensor; `scan`: a piece barcode scanned per unit. */
  counting: 'counter' | 'scan';
  /** A counter reports at most this often (pieces in between are one reading with their sum); 0 = every piece. */
  countEveryMs: number;
  /** The week of a day-shift workshop. */
  weekly: Weekly;
  /** Share of workshops that add a night shift (Mon–Fri), and its hours. */
  nightShiftShare: number;
  nightShift?: { start: string; end: string; breaks: { start: string; end: string }[] };
  /** Extra days off the workshop takes before and after the 설날 and 추석 breaks. */
  extraHolidayDays: readonly [number, number];
  products: readonly [number, number];
  /** Mean units per order (lognormal, sigma `orderQtySigma`). */
  orderQty: number;
  orderQtySigma: number;
  setupMeanS: number;
  /** Stage-0 performance: mean cycle time = PRU / performance. */
  performance: number;
  /** Log-scale spread of one cycle time. */
  cycleSigma: number;
  minorStopsPerRunH: number;
  minorStopMeanS: number;
  faultsPerRunH: number;
  faultMeanS: number;
  waitsPerRunH: number;
  waitMeanS: number;
  scrapRate: number;
  reworkRate: number;
  /** Share of planned time with an order (the rest is idle without one, ADOT), before the season. */
  load: number;
  /** Demand by month (Jan … Dec), multiplies `load` (capped at 0.97). */
  season: readonly number[];
  /** Sensor dropouts (the machine's state unknown, its counts lost): per planned hour, mean length. */
  dropoutsPerH: number;
  dropoutMeanS: number;
  /** Mean true effect of each transition for this industry. */
  effects: Record<Transition, StageEffect>;
  /** Workshops differ: each effect is drawn around its mean with this relative standard deviation. */
  effectSpread: number;
}

const lunch = (start: string, end: string) => ({ start, end });
const day = (start: string, end: string, breaks: { start: string; end: string }[]) => ({ start, end, breaks });

const SEWING_DAY = day('08:30', '18:30', [lunch('12:00', '13:00'), lunch('15:00', '15:15')]);
const JEWELRY_DAY = day('09:30', '18:30', [lunch('12:30', '13:30')]);
const METAL_DAY = day('08:00', '17:00', [lunch('12:00', '13:00')]);
const SHOES_DAY = day('09:00', '19:00', [lunch('12:00', '13:00')]);
const PRINT_DAY = day('09:00', '19:00', [lunch('12:00', '13:00')]);

const monFri = (d: ReturnType<typeof day>): Weekly => ({
  mon: d,
  tue: d,
  wed: d,
  thu: d,
  fri: d,
  sat: null,
  sun: null,
});
const monSat = (d: ReturnType<typeof day>): Weekly => ({ ...monFri(d), sat: d });

const EFFECTS: Record<Transition, StageEffect> = {
  '0-1': { speed: 0.03, stops: 0.15, defects: 0.2 },
  '1-2': { speed: 0.04, stops: 0.2, defects: 0.15 },
  '2-3': { speed: 0.1, stops: 0.1, defects: 0.1 },
};

/** The industries' parameters; see docs/simulator.md for the table and where the numbers come from. */
export const INDUSTRIES: Record<IndustryId, IndustryParams> = {
  garment_sewing: {
    industry: 'garment_sewing',
    nameKo: '봉제',
    nameEn: 'Sewing',
    clusters: ['Changsin', 'Doksan', 'Jangwi'],
    machines: [3, 5],
    machineKinds: [
      { id: 'lockstitch', nameKo: '본봉 미싱', pruS: [40, 90] },
      { id: 'overlock', nameKo: '오버록', pruS: [25, 60] },
      { id: 'buttonhole', nameKo: '단추구멍기', pruS: [15, 30] },
    ],
    workers: [3, 8],
    counting: 'counter',
    countEveryMs: 0,
    weekly: monSat(SEWING_DAY),
    nightShiftShare: 0,
    extraHolidayDays: [1, 2],
    products: [3, 6],
    orderQty: 120,
    orderQtySigma: 0.5,
    setupMeanS: 900,
    performance: 0.72,
    cycleSigma: 0.3,
    minorStopsPerRunH: 2.5,
    minorStopMeanS: 50,
    faultsPerRunH: 0.08,
    faultMeanS: 1200,
    waitsPerRunH: 0.15,
    waitMeanS: 900,
    scrapRate: 0.01,
    reworkRate: 0.04,
    load: 0.8,
    season: [0.8, 0.9, 1.1, 1.15, 1.0, 0.95, 0.85, 0.8, 1.1, 1.15, 1.05, 0.95],
    dropoutsPerH: 0.02,
    dropoutMeanS: 1200,
    effects: { ...EFFECTS, '0-1': { speed: 0.04, stops: 0.15, defects: 0.25 } },
    effectSpread: 0.4,
  },
  jewelry: {
    industry: 'jewelry',
    nameKo: '주얼리',
    nameEn: 'Jewelry',
    clusters: ['Bongik'],
    machines: [2, 3],
    machineKinds: [
      { id: 'casting', nameKo: '주조기', pruS: [300, 600] },
      { id: 'polisher', nameKo: '연마기', pruS: [400, 900] },
      { id: 'laser', nameKo: '레이저 용접기', pruS: [200, 500] },
    ],
    workers: [2, 5],
    counting: 'scan',
    countEveryMs: 0,
    weekly: monFri(JEWELRY_DAY),
    nightShiftShare: 0,
    extraHolidayDays: [0, 1],
    products: [4, 8],
    orderQty: 20,
    orderQtySigma: 0.6,
    setupMeanS: 1200,
    performance: 0.78,
    cycleSigma: 0.35,
    minorStopsPerRunH: 0.8,
    minorStopMeanS: 60,
    faultsPerRunH: 0.05,
    faultMeanS: 1500,
    waitsPerRunH: 0.1,
    waitMeanS: 1200,
    scrapRate: 0.02,
    reworkRate: 0.06,
    load: 0.75,
    season: [0.9, 1.1, 1.0, 0.95, 1.15, 0.95, 0.85, 0.85, 0.95, 1.0, 1.05, 1.25],
    dropoutsPerH: 0.02,
    dropoutMeanS: 1200,
    effects: EFFECTS,
    effectSpread: 0.5,
  },
  machinery_metal: {
    industry: 'machinery_metal',
    nameKo: '기계금속',
    nameEn: 'Metal',
    clusters: ['Mullae'],
    machines: [3, 5],
    machineKinds: [
      { id: 'cnc-lathe', nameKo: 'CNC 선반', pruS: [60, 240] },
      { id: 'press', nameKo: '프레스', pruS: [3, 8] },
      { id: 'milling', nameKo: '밀링', pruS: [90, 300] },
    ],
    workers: [3, 9],
    counting: 'counter',
    countEveryMs: 60_000,
    weekly: monFri(METAL_DAY),
    nightShiftShare: 0.4,
    nightShift: day('20:00', '05:00', [lunch('00:00', '00:45')]),
    extraHolidayDays: [0, 1],
    products: [3, 6],
    orderQty: 600,
    orderQtySigma: 0.7,
    setupMeanS: 2700,
    performance: 0.85,
    cycleSigma: 0.15,
    minorStopsPerRunH: 1.5,
    minorStopMeanS: 45,
    faultsPerRunH: 0.12,
    faultMeanS: 2400,
    waitsPerRunH: 0.1,
    waitMeanS: 1200,
    scrapRate: 0.015,
    reworkRate: 0.01,
    load: 0.82,
    season: [0.95, 0.9, 1.05, 1.05, 1.05, 1.0, 1.0, 0.85, 1.0, 1.05, 1.05, 1.0],
    dropoutsPerH: 0.02,
    dropoutMeanS: 1500,
    effects: { ...EFFECTS, '2-3': { speed: 0.12, stops: 0.15, defects: 0.1 } },
    effectSpread: 0.4,
  },
  handmade_shoes: {
    industry: 'handmade_shoes',
    nameKo: '수제화',
    nameEn: 'Shoes',
    clusters: ['Seongsu'],
    machines: [2, 4],
    machineKinds: [
      { id: 'lasting', nameKo: '갑피 성형기', pruS: [600, 1200] },
      { id: 'upper-sewing', nameKo: '갑피 미싱', pruS: [400, 900] },
      { id: 'sole-press', nameKo: '창 압착기', pruS: [120, 300] },
    ],
    workers: [2, 7],
    counting: 'scan',
    countEveryMs: 0,
    weekly: monSat(SHOES_DAY),
    nightShiftShare: 0,
    extraHolidayDays: [1, 2],
    products: [3, 6],
    orderQty: 24,
    orderQtySigma: 0.5,
    setupMeanS: 900,
    performance: 0.75,
    cycleSigma: 0.3,
    minorStopsPerRunH: 0.6,
    minorStopMeanS: 60,
    faultsPerRunH: 0.04,
    faultMeanS: 1800,
    waitsPerRunH: 0.12,
    waitMeanS: 1500,
    scrapRate: 0.01,
    reworkRate: 0.05,
    load: 0.78,
    season: [0.85, 0.9, 1.1, 1.1, 1.0, 0.9, 0.85, 0.85, 1.05, 1.15, 1.15, 1.0],
    dropoutsPerH: 0.02,
    dropoutMeanS: 1200,
    effects: EFFECTS,
    effectSpread: 0.5,
  },
  printing: {
    industry: 'printing',
    nameKo: '인쇄',
    nameEn: 'Printing',
    clusters: ['Euljiro'],
    machines: [2, 4],
    machineKinds: [
      { id: 'offset', nameKo: '오프셋 인쇄기', pruS: [0.6, 1.2] },
      { id: 'cutter', nameKo: '재단기', pruS: [2, 5] },
      { id: 'folder', nameKo: '접지기', pruS: [0.8, 2] },
    ],
    workers: [2, 6],
    counting: 'counter',
    countEveryMs: 60_000,
    weekly: monFri(PRINT_DAY),
    nightShiftShare: 0,
    extraHolidayDays: [0, 1],
    products: [4, 8],
    orderQty: 4000,
    orderQtySigma: 0.8,
    setupMeanS: 1800,
    performance: 0.7,
    cycleSigma: 0.1,
    minorStopsPerRunH: 2,
    minorStopMeanS: 40,
    faultsPerRunH: 0.1,
    faultMeanS: 1500,
    waitsPerRunH: 0.1,
    waitMeanS: 900,
    scrapRate: 0.03,
    reworkRate: 0.005,
    load: 0.72,
    season: [0.9, 1.15, 1.15, 1.0, 0.95, 0.95, 0.8, 0.8, 1.0, 1.05, 1.1, 1.2],
    dropoutsPerH: 0.02,
    dropoutMeanS: 1200,
    effects: { ...EFFECTS, '0-1': { speed: 0.02, stops: 0.2, defects: 0.15 } },
    effectSpread: 0.4,
  },
};
