import { normalQuantile } from './distributions.js';
import { ZERO_SE } from './influence.js';
import type { Rng } from './random.js';

/**
 * The multiplier bootstrap of did's mboot() (R/mboot.R, https://github.com/bcallaway11/did,
 * version 2.5.1, with BMisc::multiplier_bootstrap, src/BMisc.cpp): each draw b gives every
 * estimate the perturbation δ_bk = (1/n) Σ_c V_bc S_ck, where S_ck is the sum of estimate k's
 * influence function over cluster c and V_bc = ±1 with probability ½ each (Rademacher weights,
 * as BMisc uses), one per cluster — so units of a cluster move together.
 *
 * - Standard error: the interquartile range of the δ_bk over the draws divided by
 *   Φ⁻¹(0.75) − Φ⁻¹(0.25) (quantiles of R's type 1, the order statistic x₍⌈B·p⌉₎), as mboot does.
 * - Uniform (simultaneous, sup-t) band: c = the 1 − α quantile (type 1) of maxₖ |δ_bk| / seₖ over
 *   the estimates of a family; estimate ± c·se then covers the whole family with probability
 *   1 − α. Estimates whose draws are all ~0 (se null) are left out, as mboot drops them.
 */

export interface BootstrapOptions {
  /** Number of draws (default 999). */
  draws?: number;
  /** The injected generator; its seed makes the result reproducible. */
  rng: Rng;
}

/** The draws of a multiplier bootstrap over K estimates: `delta[b * k + j]`. */
export interface BootstrapDraws {
  draws: number;
  k: number;
  delta: Float64Array;
  /** Units and clusters the influence functions were summed over. */
  n: number;
  nClusters: number;
}

/**
 * Runs the draws for the estimates whose influence functions are `columns` (each of length n;
 * null columns are skipped and give null results). `cluster[i]` is unit i's cluster, 0…nClusters−1.
 */
export function multiplierDraws(
  columns: readonly (Float64Array | null)[],
  cluster: Int32Array,
  nClusters: number,
  options: BootstrapOptions,
): BootstrapDraws {
  const draws = options.draws ?? 999;
  if (!Number.isInteger(draws) || draws < 2) throw new Error(`bootstrap draws must be an integer ≥ 2, got ${draws}`);
  const k = columns.length;
  const n = cluster.length;
  // S: cluster sums, cluster-major, so that one draw adds whole contiguous rows.
  const s = new Float64Array(nClusters * k);
  columns.forEach((col, j) => {
    if (!col) return;
    for (let i = 0; i < n; i++) s[cluster[i]! * k + j]! += col[i]!;
  });
  const total = new Float64Array(k);
  for (let c = 0; c < nClusters; c++) for (let j = 0; j < k; j++) total[j]! += s[c * k + j]!;
  // Σ_c V_c S_c = 2·Σ_{c: V_c = +1} S_c − Σ_c S_c: only the clusters drawn +1 are added.
  const delta = new Float64Array(draws * k);
  const acc = new Float64Array(k);
  const signs = new Uint8Array(nClusters);
  for (let b = 0; b < draws; b++) {
    for (let c = 0; c < nClusters; c += 32) {
      const word = options.rng.nextUint32();
      for (let bit = 0; bit < 32 && c + bit < nClusters; bit++) signs[c + bit] = (word >>> bit) & 1;
    }
    acc.fill(0);
    for (let c = 0; c < nClusters; c++) {
      if (signs[c] === 0) continue;
      const row = c * k;
      for (let j = 0; j < k; j++) acc[j]! += s[row + j]!;
    }
    const out = b * k;
    for (let j = 0; j < k; j++) delta[out + j] = (2 * acc[j]! - total[j]!) / n;
  }
  return { draws, k, delta, n, nClusters };
}

/** Order statistic x₍⌈B·p⌉₎ of sorted values: R's quantile type 1. */
function type1(sorted: Float64Array, p: number): number {
  return sorted[Math.max(0, Math.ceil(sorted.length * p) - 1)]!;
}

const IQR_NORMAL = normalQuantile(0.75) - normalQuantile(0.25);

/** Bootstrap standard error of each estimate (null where all draws are ~0). */
export function bootstrapSe(d: BootstrapDraws): (number | null)[] {
  const out: (number | null)[] = [];
  const col = new Float64Array(d.draws);
  for (let j = 0; j < d.k; j++) {
    let ss = 0;
    for (let b = 0; b < d.draws; b++) {
      const v = d.delta[b * d.k + j]!;
      col[b] = v;
      ss += v * v;
    }
    // mboot's non-degeneracy test Σ_b bres² > √ε·10, on its scale: bres = δ · n / √n_c.
    if (!((ss * d.n * d.n) / d.nClusters > ZERO_SE)) {
      out.push(null);
      continue;
    }
    col.sort();
    const se = (type1(col, 0.75) - type1(col, 0.25)) / IQR_NORMAL;
    out.push(se > ZERO_SE ? se : null);
  }
  return out;
}

/**
 * Critical value of the uniform band over the estimates `family` (indices into the draws), given
 * their bootstrap standard errors; null when none has one.
 */
export function uniformCritical(
  d: BootstrapDraws,
  se: readonly (number | null)[],
  family: readonly number[],
  alpha = 0.05,
): number | null {
  const cols = family.filter((j) => se[j] !== null && se[j] !== undefined);
  if (cols.length === 0) return null;
  const maxT = new Float64Array(d.draws);
  for (let b = 0; b < d.draws; b++) {
    let m = 0;
    for (const j of cols) {
      const v = Math.abs(d.delta[b * d.k + j]!) / se[j]!;
      if (v > m) m = v;
    }
    maxT[b] = m;
  }
  maxT.sort();
  return type1(maxT, 1 - alpha);
}
