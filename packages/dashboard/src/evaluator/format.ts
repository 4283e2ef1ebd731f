import type { CoverageCell } from '@gongbang/collector';
import { TIME_ZONE } from '../shared/format';

/** Evaluator-only formatting: effects as percent change, intervals, p-values, coverage colours. */

/** A number with at most `digits` decimals, in the reader's locale; "—" for null. */
export function num(locale: string, v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  // A rounding residue (−1e-15) would show as "-0".
  const shown = Math.abs(v) < 0.5 * 10 ** -digits ? 0 : v;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(shown);
}

/** A ratio 0–1 as a percent with one decimal; "—" for null. */
export function pct(locale: string, v: number | null | undefined, signed = false): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: signed ? 'exceptZero' : 'auto',
  }).format(v);
}

/**
 * An effect as the reader should see it: on the log scale exp(θ) − 1, the percent change against
 * no change (Korean reports quote (after − before) / before); on the level scale the number itself.
 */
export function effectValue(scale: 'log' | 'level', att: number | null | undefined): number | null {
  if (att === null || att === undefined) return null;
  return scale === 'log' ? Math.expm1(att) : att;
}

export function effectText(locale: string, scale: 'log' | 'level', att: number | null | undefined): string {
  const v = effectValue(scale, att);
  if (v === null) return '—';
  return scale === 'log'
    ? pct(locale, v, true)
    : new Intl.NumberFormat(locale, { maximumSignificantDigits: 3, signDisplay: 'exceptZero' }).format(v);
}

/** "[lower, upper]" of an interval on the effect's scale. */
export function intervalText(
  locale: string,
  scale: 'log' | 'level',
  lower: number | null | undefined,
  upper: number | null | undefined,
): string {
  if (lower === null || lower === undefined || upper === null || upper === undefined) return '—';
  return `[${effectText(locale, scale, lower)}, ${effectText(locale, scale, upper)}]`;
}

/** A p-value as people read it: "p = 0.431", or "p < 0.001" below that. */
export function pValueText(locale: string, p: number): string {
  return p < 0.001 ? `p < ${num(locale, 0.001, 3)}` : `p = ${num(locale, p, 3)}`;
}

/**
 * The heatmap's colour bins: ColorBrewer "Blues" (sequential, one hue, so it reads for every kind
 * of colour blindness and in grey), darker for more coverage. Hand-entry-only weeks take Okabe–Ito
 * orange, a different hue, and weeks with nothing stay white.
 */
export const COVERAGE_BINS = [
  { min: 0, colour: '#deebf7' },
  { min: 0.2, colour: '#9ecae1' },
  { min: 0.5, colour: '#4292c6' },
  { min: 0.8, colour: '#2171b5' },
  { min: 0.95, colour: '#08306b' },
] as const;
export const MANUAL_COLOUR = '#E69F00';
export const EMPTY_COLOUR = '#ffffff';

export function coverageColour(cell: CoverageCell): string {
  if (cell === null) return EMPTY_COLOUR;
  if (cell === 'manual') return MANUAL_COLOUR;
  let colour: string = COVERAGE_BINS[0].colour;
  for (const b of COVERAGE_BINS) if (cell >= b.min) colour = b.colour;
  return colour;
}

/** A KST date (YYYY-MM-DD) as UTC ms of its midnight, for chart axes that label dates only. */
export const dayMs = (day: string): number => Date.parse(`${day}T00:00:00Z`);

/** A KST date in the reader's locale, short (e.g. 2026. 3. 9. / 3/9/2026). */
export function shortDay(locale: string, day: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(dayMs(day));
}

/** Today's KST date plus `n` days, YYYY-MM-DD. */
export function addDays(day: string, n: number): string {
  return new Date(dayMs(day) + n * 86_400_000).toISOString().slice(0, 10);
}

/** A moment (ISO 8601) as date and time in Seoul, in the reader's locale. */
export function momentText(locale: string, iso: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE }).format(
    Date.parse(iso),
  );
}
