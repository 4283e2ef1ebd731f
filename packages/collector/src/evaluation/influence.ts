/**
 * Influence functions and the analytic standard errors built from them, as in the did package
 * (R/att_gt.R and getSE() in R/compute.aggte.R, https://github.com/bcallaway11/did): an estimate
 * θ̂ with influence function ψ (one value per unit, n units) has θ̂ − θ ≈ (1/n) Σᵢ ψᵢ, so
 * se = √(Σᵢ ψᵢ²) / n; with clusters, the ψᵢ are first summed within each cluster c:
 * se = √(Σ_c S_c²) / n (Callaway & Sant'Anna 2021, Remark 10). With one unit per cluster both agree.
 */

/** Below this a standard error is treated as zero and reported as null, as did does (√ε · 10). */
export const ZERO_SE = Math.sqrt(Number.EPSILON) * 10;

/** Σᵢ ψᵢ within each cluster. */
export function clusterSums(inf: Float64Array, cluster: Int32Array, nClusters: number): Float64Array {
  const s = new Float64Array(nClusters);
  for (let i = 0; i < inf.length; i++) s[cluster[i]!]! += inf[i]!;
  return s;
}

/** The analytic (cluster-robust) standard error of an estimate with influence function `inf`; null if zero. */
export function standardError(inf: Float64Array, cluster: Int32Array, nClusters: number): number | null {
  const s = clusterSums(inf, cluster, nClusters);
  let ss = 0;
  for (let c = 0; c < nClusters; c++) ss += s[c]! * s[c]!;
  const se = Math.sqrt(ss) / inf.length;
  return Number.isFinite(se) && se > ZERO_SE ? se : null;
}
