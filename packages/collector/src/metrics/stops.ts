import type { ScanReading } from '@gongbang/shared';
import type { DayOptions, StopInterval } from './day-input.js';
import type { StopReasonAssignment } from './inputs.js';
import type { Segment } from './timeline.js';

/** The reason code a reason scan carries: the rule's `reason` field, else the text. */
export function reasonCodeOf(scan: ScanReading): string | null {
  const code = scan.fields.reason ?? scan.text;
  return code && code.length > 0 ? code.trim() : null;
}

/**
 * Gives each stop its reason and moves the time of stops classified as setup into ASUT and as
 * "no order" into ADOT (TPM: setup is an availability loss of its own; idle without an order is
 * not a machine loss). A reason given through the API covers the span it names and wins over a
 * scan; a reason scan classifies the stop it falls in, or the one that ended at most
 * `reasonGraceMs` before it; the later scan wins. Mutates the segments' class and reason.
 */
export function applyStopReasons(
  machine: string,
  segments: Segment[],
  runs: readonly number[][],
  reasonScans: readonly ScanReading[],
  assignments: readonly StopReasonAssignment[],
  o: Pick<DayOptions, 'minorStopS' | 'reasonGraceMs'>,
): StopInterval[] {
  const spans = runs.map((run) => {
    const first = segments[run[0] as number] as Segment;
    const last = segments[run[run.length - 1] as number] as Segment;
    return { run, startMs: first.startMs, endMs: last.endMs, scan: null as string | null };
  });
  for (const scan of reasonScans) {
    const code = reasonCodeOf(scan);
    if (!code) continue;
    const inside = spans.find((s) => s.startMs <= scan.ts && scan.ts < s.endMs);
    const before = spans.filter((s) => s.endMs <= scan.ts && scan.ts - s.endMs <= o.reasonGraceMs).pop();
    const target = inside ?? before;
    if (target) target.scan = code;
  }
  const mine = assignments
    .filter((a) => a.machineId === machine)
    .slice()
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const out: StopInterval[] = [];
  for (const span of spans) {
    let firstReason: Pick<StopInterval, 'reason' | 'reasonSource' | 'classifiedBy'> | null = null;
    for (const k of span.run) {
      const seg = segments[k] as Segment;
      // Segments are cut at assignment edges, so an assignment covers a segment wholly or not at all.
      const api = mine.filter((a) => a.startMs <= seg.startMs && seg.endMs <= a.endMs).pop();
      if (api) {
        seg.reason = api.reason;
        seg.reasonSource = 'api';
        seg.reasonBy = api.by;
      } else if (span.scan) {
        seg.reason = span.scan;
        seg.reasonSource = 'scan';
      }
      if (seg.reason === 'setup') seg.cls = 'asut';
      else if (seg.reason === 'no_order') seg.cls = 'adot';
      firstReason ??= seg.reason
        ? { reason: seg.reason, reasonSource: seg.reasonSource ?? null, classifiedBy: seg.reasonBy ?? null }
        : null;
    }
    out.push({
      machineId: machine,
      startMs: span.startMs,
      endMs: span.endMs,
      minor: (span.endMs - span.startMs) / 1000 < o.minorStopS,
      reason: firstReason?.reason ?? null,
      reasonSource: firstReason?.reasonSource ?? null,
      classifiedBy: firstReason?.classifiedBy ?? null,
    });
  }
  return out;
}
