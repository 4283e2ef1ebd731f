import { z } from 'zod';

/** Latest time a cursor or query may name, UTC ms: 2262-04-11, the end of InfluxDB's nanosecond range. */
export const MAX_TIME_MS = 9_223_372_036_854;

/**
 * Most readings stamped with one same millisecond that paging can step over. Bounds the rows
 * a crafted cursor can make a store fetch (InfluxDB reads `offset + limit + 1` rows per kind).
 */
export const MAX_CURSOR_OFFSET = 10_000;

/**
 * A page position: the last (ts, agent, seq) returned. `offset` (InfluxDB store) counts the
 * readings returned so far whose `ts` equals this `ts`, so the next query can start at that
 * millisecond and still fetch enough rows to skip them.
 */
export interface Cursor {
  /** Time of the last reading returned, UTC ms. */
  ts: number;
  agent: string;
  seq: number;
  offset?: number;
}

// Every field is checked after decoding: the cursor comes back from the client, and its values
// reach SQL parameters and InfluxQL text (issue #10: an unchecked offset ran a DELETE).
const CursorSchema = z.strictObject({
  ts: z.number().int().min(0).max(MAX_TIME_MS),
  agent: z.string().max(256),
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  offset: z.number().int().min(0).max(MAX_CURSOR_OFFSET).optional(),
});

/** The canonical text of a cursor: fixed key order, base64url without padding. */
export function encodeCursor(c: Cursor): string {
  const canonical = { ts: c.ts, agent: c.agent, seq: c.seq, ...(c.offset === undefined ? {} : { offset: c.offset }) };
  return Buffer.from(JSON.stringify(canonical)).toString('base64url');
}

/**
 * Decodes a cursor from a client; anything but a cursor this server could have written throws
 * {@link InvalidCursorError}. Only the canonical encoding is accepted (re-encoding must give the
 * same text), so padded, re-spaced or otherwise re-encoded variants are refused too.
 */
export function decodeCursor(s: string | undefined): Cursor | undefined {
  if (s === undefined || s === '') return undefined;
  // Buffer.from(…, 'base64url') silently skips characters outside the alphabet: check first.
  if (s.length > 512 || !/^[A-Za-z0-9_-]+$/.test(s)) throw new InvalidCursorError('not base64url text');
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('not JSON once decoded');
  }
  const parsed = CursorSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidCursorError(`${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  const c: Cursor = parsed.data;
  if (encodeCursor(c) !== s) throw new InvalidCursorError('not in the form this server writes');
  return c;
}

/**
 * Decodes the cursor of a range query and checks that it lies inside the query's time range
 * (a cursor taken from another query would otherwise silently skip or repeat readings).
 */
export function decodeCursorFor(q: { cursor?: string; fromMs: number; toMs: number }): Cursor | undefined {
  const c = decodeCursor(q.cursor);
  if (c && (c.ts < q.fromMs || c.ts >= q.toMs)) {
    throw new InvalidCursorError('it belongs to another time range; keep from and to while paging');
  }
  return c;
}

/** A `cursor` query parameter that this server did not write (or that does not fit the query). */
export class InvalidCursorError extends Error {
  readonly code = 'GB_INVALID_CURSOR';
  readonly retryable = false;
  constructor(readonly detail: string) {
    super(`invalid cursor (${detail}): pass the \`next\` value of the previous page unchanged`);
    this.name = 'InvalidCursorError';
  }
}
