import {
  MAX_TIMESTAMP_MS,
  MachineStateSchema,
  MIN_TIMESTAMP_MS,
  type Reading,
  ScanEncodingSchema,
  ScanFlagSchema,
  ScanMeaningSchema,
} from '@gongbang/shared';

// A fast path for the high-volume kinds (measurement, count, machine_state, scan): true only when
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
// Taken from the schemas, so a value added there cannot be refused here.
const STATES = new Set<unknown>(MachineStateSchema.options);
const ENCODINGS = new Set<unknown>(ScanEncodingSchema.options);
const MEANINGS = new Set<unknown>(ScanMeaningSchema.options);
const FLAGS = new Set<unknown>(ScanFlagSchema.options);
const AIM = /^\][A-Za-z][0-9A-Za-z]$/;
const GS1_AI = /^\d{2,4}$/;
// zod's z.base64(): this charset, a length that is a multiple of 4, and atob accepting it.
const BASE64 = /^[0-9a-zA-Z+/]*={0,2}$/;
const isPlain = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

function isBase64(v: unknown): boolean {
  if (typeof v !== 'string' || v.length > 16384 || v.length % 4 !== 0 || !BASE64.test(v)) return false;
  try {
    atob(v);
    return true;
  } catch {
    return false;
  }
}

const SYMBOLOGY = new Set(['aim', 'name']);
const GS1 = new Set(['ai', 'value', 'valid']);

function scanOk(o: Record<string, unknown>): boolean {
  if (!keysOk(o, 14, SCAN)) return false;
  if (o.text !== null && !isStr(o.text, 0, 8192)) return false;
  if (!isBase64(o.raw) || typeof o.encoding !== 'string' || !ENCODINGS.has(o.encoding)) return false;
  if (typeof o.meaning !== 'string' || !MEANINGS.has(o.meaning)) return false;
  if (o.rule !== null && !isId(o.rule)) return false;
  const sym = o.symbology;
  if (sym !== null) {
    if (!isPlain(sym) || !keysOk(sym, 2, SYMBOLOGY) || typeof sym.aim !== 'string' || !AIM.test(sym.aim)) return false;
    if (!isStr(sym.name, 0, 40)) return false;
  }
  const gs1 = o.gs1;
  if (gs1 !== null) {
    if (!Array.isArray(gs1) || gs1.length > 32) return false;
    for (const e of gs1) {
      if (!isPlain(e) || !keysOk(e, 2, GS1) || typeof e.ai !== 'string' || !GS1_AI.test(e.ai)) return false;
      if (!isStr(e.value, 0, 90)) return false;
      if ('valid' in e ? typeof e.valid !== 'boolean' : Object.keys(e).length !== 2) return false;
    }
  }
  if (!isPlain(o.fields)) return false;
  for (const k in o.fields) if (!isId(k) || !isStr(o.fields[k], 0, 1024)) return false;
  if (!Array.isArray(o.flags) || o.flags.length > 8) return false;
  for (const f of o.flags) if (typeof f !== 'string' || !FLAGS.has(f)) return false;
  return true;
}

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
const SCAN = new Set([...BASE, 'text', 'raw', 'encoding', 'symbology', 'gs1', 'meaning', 'rule', 'fields', 'flags']);

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
    case 'scan':
      return scanOk(o) ? (o as Reading) : undefined;
    default:
      return undefined;
  }
}
