import type { Bilingual, Lang } from '@gongbang/shared';
import { type Dimension, KPI_DEFINITIONS, type KpiFigures, type KpiKey, type KpiStatus } from '../metrics/index.js';

/** The KPIs the table shows, in its column order; JSON and CSV carry every KPI. */
const SHOWN: readonly KpiKey[] = ['availability', 'performance', 'quality_ratio', 'oee'];

const STATUS: Record<KpiStatus, Bilingual> = {
  ok: { ko: '정상', en: 'ok' },
  insufficient_data: { ko: '자료 부족', en: 'insufficient data' },
  not_defined: { ko: '산출 불가', en: 'not defined' },
};

const ORIGIN: Record<string, Bilingual> = {
  device: { ko: '설비', en: 'device' },
  manual: { ko: '수기', en: 'manual' },
};

const DIM: Record<Dimension, Bilingual> = {
  workshop: { ko: '작업장', en: 'workshop' },
  machine: { ko: '설비', en: 'machine' },
  product: { ko: '제품', en: 'product' },
  worker: { ko: '작업자', en: 'worker' },
};

const HEAD = {
  period: { ko: '기간', en: 'period' },
  pq: { ko: '생산수량 PQ', en: 'PQ (produced)' },
  gq: { ko: '양품수량 GQ', en: 'GQ (good)' },
  coverage: { ko: '수집률', en: 'coverage' },
  status: { ko: '상태', en: 'status' },
  origin: { ko: '출처', en: 'origin' },
} satisfies Record<string, Bilingual>;

/**
 * Columns a terminal gives a string: Hangul, CJK and full-width forms take two (Unicode East
 * Asian Width W and F), everything else one. Enough for the labels and ids this table prints.
 */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6);
    w += wide ? 2 : 1;
  }
  return w;
}

const pad = (s: string, width: number, right: boolean) => {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
};

const percent = (v: number | null): string => (v === null ? '-' : `${(v * 100).toFixed(1)}%`);

/** The worst status of the shown KPIs: insufficient data, then not defined, then ok. */
function rowStatus(f: KpiFigures): KpiStatus {
  const list = SHOWN.map((k) => f.kpis[k].status);
  if (list.includes('insufficient_data')) return 'insufficient_data';
  return list.includes('not_defined') ? 'not_defined' : 'ok';
}

function row(label: string, f: KpiFigures, lang: Lang, withDim: boolean): string[] {
  const cells = [label];
  if (withDim) cells.push(f.dimId);
  for (const k of SHOWN) cells.push(f.kpis[k].status === 'ok' ? percent(f.kpis[k].value) : '-');
  // Coverage is the same for every device KPI of a row; availability always reads device time.
  cells.push(String(f.elements.pq), String(f.elements.gq), percent(f.kpis.availability.coverage));
  cells.push(STATUS[rowStatus(f)][lang], f.origins.map((o) => ORIGIN[o]?.[lang] ?? o).join('+') || '-');
  return cells;
}

/** What the table is made from: the answer of `workshopKpis` and the days still waiting. */
export interface KpiTableInput {
  workshop: string;
  from: string;
  to: string;
  dim: Dimension;
  periods: readonly KpiFigures[];
  total: readonly KpiFigures[];
  pendingDays: readonly string[];
  coverageThreshold: number;
  formulaVersion: string;
}

/**
 * The KPIs of each period as an aligned text table in one language, then the range total,
 * the formula version and the days not computed yet. Values that are not `ok` print as `-`,
 * and the status column says why.
 */
export function renderKpiTable(t: KpiTableInput, lang: Lang): string {
  const withDim = t.dim !== 'workshop';
  const head = [HEAD.period[lang]];
  if (withDim) head.push(DIM[t.dim][lang]);
  head.push(...SHOWN.map((k) => KPI_DEFINITIONS[k][lang]));
  head.push(HEAD.pq[lang], HEAD.gq[lang], HEAD.coverage[lang], HEAD.status[lang], HEAD.origin[lang]);
  const body = t.periods.map((f) => row(f.period, f, lang, withDim));
  const totalLabel = lang === 'ko' ? '합계' : 'total';
  const totals = t.total.map((f) => row(totalLabel, f, lang, withDim));
  const all = [head, ...body, ...totals];
  const widths = head.map((_, i) => Math.max(...all.map((r) => displayWidth(r[i] ?? ''))));
  // Period, dimension id, status and origin read left to right; figures align on the right.
  const textCols = new Set([0, ...(withDim ? [1] : []), head.length - 2, head.length - 1]);
  const line = (r: string[]) =>
    r
      .map((c, i) => pad(c, widths[i] ?? 0, !textCols.has(i)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const out = [
    lang === 'ko'
      ? `작업장 ${t.workshop} · ${t.from} ~ ${t.to} (KST)`
      : `Workshop ${t.workshop} · ${t.from} to ${t.to} (KST)`,
    line(head),
    rule,
  ];
  if (body.length === 0) {
    out.push(
      lang === 'ko'
        ? '이 기간에 계산된 값이 없습니다. `gongbang-collector kpis recompute`로 계산하십시오.'
        : 'No computed figures in this range: run `gongbang-collector kpis recompute`.',
    );
  } else out.push(...body.map(line));
  if (totals.length > 0) out.push(rule, ...totals.map(line));
  const threshold = `${Math.round(t.coverageThreshold * 100)}%`;
  out.push(
    '',
    lang === 'ko'
      ? `공식 버전 ${t.formulaVersion} · 수집률 ${threshold} 미만은 '자료 부족' (공백은 가동 중단이 아닌 '데이터 없음')`
      : `formula version ${t.formulaVersion} · coverage below ${threshold} is 'insufficient data' (a gap is no data, not downtime)`,
  );
  if (t.pendingDays.length > 0) {
    out.push(
      lang === 'ko'
        ? `아직 계산되지 않은 날: ${t.pendingDays.join(', ')}`
        : `days not computed yet: ${t.pendingDays.join(', ')}`,
    );
  }
  return `${out.join('\n')}\n`;
}
