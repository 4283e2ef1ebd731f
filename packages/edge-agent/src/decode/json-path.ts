/** Reads a dot path with optional array indexes (`a.b[0].c`) from parsed JSON; undefined when absent. */
export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return undefined;
    if (m[1]) {
      if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
      cur = (cur as Record<string, unknown>)[m[1]];
    }
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[Number(idx[1])];
    }
  }
  return cur;
}

/** A number from JSON: numbers, numeric strings and booleans (true = 1). */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/**
 * Device timestamps: Unix seconds (possibly fractional) or ms. Values below 1e11 are seconds.
 * Returns undefined for anything outside 2000–2100 (a device without a clock).
 */
export function deviceTimeMs(v: unknown): number | undefined {
  const n = toNumber(v);
  if (n === undefined) return undefined;
  const ms = Math.round(n < 1e11 ? n * 1000 : n);
  return ms >= 946_684_800_000 && ms <= 4_102_444_800_000 ? ms : undefined;
}
