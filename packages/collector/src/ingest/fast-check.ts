import { MAX_TIMESTAMP_MS, MIN_TIMESTAMP_MS, type Reading } from '@gongbang/shared';

// A fast path for the high-volume kinds (measurement, count, machine_state): true only when
// the shared zod schema would accept the value unchanged. Anything else, including every
// invalid reading, goes through zod, which also writes the error message. The unit test
// checks on many mutated readings that this never accepts what zod refuses.

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
const isId = (v: unknown): boolean => typeof v === 'string' && v.length >= 1 && v.length <= 64 && ID.test(v);
const isSeq = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;
const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isTs = (v: unknown): boolean =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= MIN_TIMESTAMP_MS && v <= MAX_TIMESTAMP_MS;
const isStr = (v: unknown, min: number, max: number): boolean =>
  typeof v === 'string' && v.length >= min && v.length <= max;
const STATES = new Set(['running', 'idle', 'off', 'setup', 'fault', 'unknown']);

/** Exactly these keys (required ones present, optional ones allowed, nothing else). */
function keysOk(o: Record<string, unknown>, required: number, allowed: Set<string>): boolean {
  let n = 0;
  for (const k in o) {
    if (!Object.hasOwn(o, k) || !allowed.has(k)) return false;
    n++;
  }
  return n >= required;
}

const BASE = ['seq', 'ts', 'timeSource', 'source', 'kind'];
const MEASUREMENT = new Set([...BASE, 'channel', 'value', 'unit']);
const COUNT = new Set([...BASE, 'channel', 'delta', 'total', 'counterEvent']);
const MACHINE = new Set([...BASE, 'machine', 'state', 'reason', 'channel']);

/** The reading, typed, when the fast path can vouch for it; undefined means "ask zod". */
export function fastReading(v: unknown): Reading | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || Object.getPrototypeOf(v) !== Object.prototype) {
    return undefined;
  }
  const o = v as Record<string, unknown>;
  if (!isSeq(o.seq) || !isTs(o.ts) || (o.timeSource !== 'device' && o.timeSource !== 'agent') || !isId(o.source)) {
    return undefined;
  }
  switch (o.kind) {
    case 'measurement':
      return keysOk(o, 8, MEASUREMENT) &&
        isId(o.channel) &&
        typeof o.value === 'number' &&
        Number.isFinite(o.value) &&
        o.value >= -1e15 &&
        o.value <= 1e15 &&
        isStr(o.unit, 1, 16)
        ? (o as Reading)
        : undefined;
    case 'count':
      return keysOk(o, 8, COUNT) &&
        isId(o.channel) &&
        isCount(o.delta) &&
        isCount(o.total) &&
        (o.counterEvent === undefined
          ? !('counterEvent' in o)
          : o.counterEvent === 'rollover' || o.counterEvent === 'reset')
        ? (o as Reading)
        : undefined;
    case 'machine_state':
      return keysOk(o, 8, MACHINE) &&
        isId(o.machine) &&
        typeof o.state === 'string' &&
        STATES.has(o.state) &&
        isStr(o.reason, 1, 64) &&
        (o.channel === undefined ? !('channel' in o) : isId(o.channel))
        ? (o as Reading)
        : undefined;
    default:
      return undefined;
  }
}
