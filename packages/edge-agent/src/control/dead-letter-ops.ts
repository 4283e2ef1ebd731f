import type { DeadLetter, Spool } from '../spool/index.js';
import type { ControlAnswer, ControlRequest, DeadLetterView } from './protocol.js';

/** What a dead letter was, read from its JSON (untrusted: a refused reading may be odd). */
export function viewOf(d: DeadLetter): DeadLetterView {
  let source: string | null = null;
  let kind: string | null = null;
  try {
    const r = JSON.parse(d.json) as { source?: unknown; kind?: unknown };
    if (typeof r.source === 'string') source = r.source;
    if (typeof r.kind === 'string') kind = r.kind;
  } catch {}
  return { seq: d.seq, ts: d.ts, at: d.at, code: d.code, message: d.message, source, kind };
}

/** Runs a control request against a spool: the running agent's, or the file opened by the command. */
export function runControl(spool: Spool, req: ControlRequest): ControlAnswer {
  if (req.op === 'dead-letters.list') {
    return { ok: true, total: spool.stats().deadLetters, deadLetters: spool.deadLetters(req.limit).map(viewOf) };
  }
  const filter = { ...(req.seqs ? { seqs: req.seqs } : {}), ...(req.code ? { code: req.code } : {}) };
  return { ok: true, moved: spool.resendDeadLetters(filter) };
}
