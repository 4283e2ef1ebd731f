/**
 * The few distribution functions the estimator needs (normal and χ² CDFs, the normal quantile),
 * written out so that the module has no dependency and every digit is reproducible.
 *
 * Both CDFs are the regularized incomplete gamma function P(a, x): Φ(z) = ½ + ½·sign(z)·P(½, z²/2)
 * and F_χ²(x; k) = P(k/2, x/2) (Abramowitz & Stegun 26.2.30 and 26.4.19). P is evaluated by its
 * series for x < a + 1 and by the continued fraction of Q = 1 − P otherwise (modified Lentz), as in
 * Press et al., Numerical Recipes 3rd ed. §6.2 — accurate to about 1e−15 here. Only half-integer a
 * occurs, so ln Γ(a) is exact: Γ(½) = √π, Γ(1) = 1 and Γ(a + 1) = a·Γ(a).
 */

const EPS = 1e-16;
const TINY = 1e-300;

/** ln Γ(a) for a positive multiple of ½ (exact by the recurrence). */
function lnGammaHalfInteger(a: number): number {
  if (!(a > 0) || !Number.isInteger(2 * a)) throw new Error(`lnGamma: expected a positive multiple of 1/2, got ${a}`);
  let value = Number.isInteger(a) ? 0 : 0.5 * Math.log(Math.PI);
  for (let x = Number.isInteger(a) ? 1 : 0.5; x < a; x += 1) value += Math.log(x);
  return value;
}

/** Regularized lower incomplete gamma P(a, x) for half-integer a > 0 and x ≥ 0. */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const front = Math.exp(-x + a * Math.log(x) - lnGammaHalfInteger(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let ap = a + 1; Math.abs(term) > Math.abs(sum) * EPS; ap += 1) {
      term *= x / ap;
      sum += term;
    }
    return Math.min(1, sum * front);
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.max(0, 1 - front * h);
}

/** Standard normal CDF Φ(z). */
export function normalCdf(z: number): number {
  const p = gammaP(0.5, (z * z) / 2);
  return z >= 0 ? 0.5 + 0.5 * p : 0.5 - 0.5 * p;
}

/** Standard normal quantile Φ⁻¹(p) for 0 < p < 1, by bisection on Φ to double precision. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`normalQuantile: p must be in (0, 1), got ${p}`);
  let lo = -40;
  let hi = 40;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(lo)); i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** χ² upper tail 1 − F(x; df), the p-value of a Wald statistic x with df restrictions. */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(Number.isInteger(df) && df > 0)) throw new Error(`chiSquareSurvival: df must be a positive integer, got ${df}`);
  return 1 - gammaP(df / 2, x / 2);
}
