import type { ScanReading } from '@gongbang/shared';
import type { Carry } from './carry.js';

/** The worker a badge scan names: the rule's `badge` (or `worker`) field, else the text. */
export function workerIdOf(scan: ScanReading): string | null {
  const id = scan.fields.badge ?? scan.fields.worker ?? scan.text;
  return id && id.length > 0 ? id : null;
}

/** A stretch of a worker's time: at work (APWT and APAT) or present between jobs (APAT only). */
export interface PersonSpan {
  worker: string;
  startMs: number;
  endMs: number;
  working: boolean;
}

/** Who is badged in at a scope (machine id, or '' for the workshop) from an instant on. */
export interface PresenceChange {
  scope: string;
  ts: number;
  worker: string;
  in: boolean;
}

export interface PeopleOptions {
  attendanceGapS: number;
  maxWorkOpenS: number;
}

/**
 * Badge scans toggle a worker between in and out. Work time (APWT) is the in→out spans;
 * attendance (APAT) adds the gaps between a badge-out and the next badge-in shorter than
 * `attendanceGapS`. A badge-in left open ends after `maxWorkOpenS`. Spans are cut to the day;
 * what is still open at its end is carried. Pure.
 */
export function peopleSpans(
  carried: Carry['workers'],
  badges: readonly { scan: ScanReading; worker: string; scope: string }[],
  dayStartMs: number,
  dayEndMs: number,
  o: PeopleOptions,
): { spans: PersonSpan[]; presence: PresenceChange[]; workers: Carry['workers'] } {
  const spans: PersonSpan[] = [];
  const presence: PresenceChange[] = [];
  const state = new Map(Object.entries(carried).map(([w, s]) => [w, { ...s }]));
  const push = (worker: string, a: number, b: number, working: boolean) => {
    const s = Math.max(a, dayStartMs);
    const e = Math.min(b, dayEndMs);
    if (e > s) spans.push({ worker, startMs: s, endMs: e, working });
  };
  const maxOpenMs = o.maxWorkOpenS * 1000;
  for (const [worker, s] of state) {
    if (s.inSinceMs !== null) presence.push({ scope: s.machine, ts: dayStartMs, worker, in: true });
  }
  const autoOut = (
    worker: string,
    s: { inSinceMs: number | null; lastOutMs: number | null; machine: string },
    now: number,
  ) => {
    if (s.inSinceMs !== null && now - s.inSinceMs > maxOpenMs) {
      const end = s.inSinceMs + maxOpenMs;
      push(worker, s.inSinceMs, end, true);
      presence.push({ scope: s.machine, ts: end, worker, in: false });
      s.inSinceMs = null;
      s.lastOutMs = end;
    }
  };
  for (const { scan, worker, scope } of badges) {
    const s = state.get(worker) ?? { inSinceMs: null, lastOutMs: null, machine: scope };
    state.set(worker, s);
    autoOut(worker, s, scan.ts);
    if (s.inSinceMs !== null) {
      push(worker, s.inSinceMs, scan.ts, true);
      presence.push({ scope: s.machine, ts: scan.ts, worker, in: false });
      s.inSinceMs = null;
      s.lastOutMs = scan.ts;
    } else {
      if (s.lastOutMs !== null && scan.ts - s.lastOutMs <= o.attendanceGapS * 1000) {
        push(worker, s.lastOutMs, scan.ts, false);
      }
      s.inSinceMs = scan.ts;
      s.machine = scope;
      presence.push({ scope, ts: scan.ts, worker, in: true });
    }
  }
  for (const [worker, s] of state) {
    autoOut(worker, s, dayEndMs);
    if (s.inSinceMs !== null) push(worker, s.inSinceMs, dayEndMs, true);
  }
  const workers: Carry['workers'] = {};
  const forgetBefore = dayEndMs - o.attendanceGapS * 1000;
  for (const [w, s] of state) {
    if (s.inSinceMs !== null || (s.lastOutMs !== null && s.lastOutMs >= forgetBefore)) workers[w] = s;
  }
  presence.sort((a, b) => a.ts - b.ts);
  return { spans, presence, workers };
}

/** The worker badged in at a scope at an instant (the latest badge-in still in wins). */
export function workerAt(presence: readonly PresenceChange[], scope: string, t: number): string | null {
  const inside: string[] = [];
  for (const p of presence) {
    if (p.ts > t) break;
    if (p.scope !== scope) continue;
    const k = inside.indexOf(p.worker);
    if (k >= 0) inside.splice(k, 1);
    if (p.in) inside.push(p.worker);
  }
  return inside[inside.length - 1] ?? null;
}
