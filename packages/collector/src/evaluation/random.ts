/**
 * The one source of randomness of the evaluation module: a small seeded generator, injected
 * wherever draws are needed, so that a result can be reproduced from its seed.
 *
 * mulberry32 (Tommy Ettinger, 2017, public domain): a 32-bit state and period 2³². Not for
 * cryptography; plenty for bootstrap multipliers, which take 32 signs from each output word.
 */

/** A seeded source of uniform 32-bit integers. */
export interface Rng {
  /** The next uniform integer in [0, 2³²). */
  nextUint32(): number;
  /** The next uniform number in [0, 1). */
  next(): number;
}

/** mulberry32 seeded with `seed` (any integer; taken modulo 2³²). */
export function mulberry32(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new Error(`mulberry32: seed must be an integer, got ${seed}`);
  let a = seed >>> 0;
  const nextUint32 = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return { nextUint32, next: () => nextUint32() / 4294967296 };
}
