import { mulberry32 } from '@gongbang/collector';
/** What a machine does in one phase of its duty cycle. */
export type MachinePhase = 'running' | 'idle' | 'off';

/** One step of a repeating duty cycle. */
export interface PhaseStep {
  phase: MachinePhase;
  /** How long the phase lasts, ms. */
  durationMs: number;
}

/** The phase of a repeating duty cycle `elapsedMs` after it began. Pure. */
export function phaseAt(schedule: readonly PhaseStep[], elapsedMs: number): MachinePhase {
  const cycleMs = schedule.reduce((s, p) => s + p.durationMs, 0);
  if (schedule.length === 0 || cycleMs <= 0)
    throw new Error(`a duty cycle needs steps of positive length: ${JSON.stringify(schedule)}`);
  let t = ((elapsedMs % cycleMs) + cycleMs) % cycleMs;
  for (const step of schedule) {
    if (t < step.durationMs) return step.phase;
    t -= step.durationMs;
  }
  return schedule[schedule.length - 1]!.phase;
}

/** A duty cycle with every phase `phaseMs` long: running, idle, off. */
export function evenSchedule(
  phaseMs: number,
  order: readonly MachinePhase[] = ['running', 'idle', 'off'],
): PhaseStep[] {
  return order.map((phase) => ({ phase, durationMs: phaseMs }));
}

/** A seeded generator of numbers in [0, 1) (the collector's mulberry32): the live devices' only source of variety. */
export function seededRandom(seed: number): () => number {
  return mulberry32(seed).next;
}

/** `value` ± `spread` (relative, e.g. 0.05 = ±5%), rounded to `decimals`. */
export function jitter(value: number, spread: number, random: () => number, decimals = 1): number {
  const f = 10 ** decimals;
  return Math.round(value * (1 + (random() * 2 - 1) * spread) * f) / f;
}
