/** A page position: the last (ts, agent, seq) returned, or an offset for stores without keyset paging. */
export interface Cursor {
  ts: number;
  agent: string;
  seq: number;
  offset?: number;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

/** Decodes a cursor from a client; anything malformed throws InvalidCursorError. */
export function decodeCursor(s: string | undefined): Cursor | undefined {
  if (s === undefined || s === '') return undefined;
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.ts === 'number' && typeof c.agent === 'string' && typeof c.seq === 'number') return c;
  } catch {}
  throw new InvalidCursorError();
}

export class InvalidCursorError extends Error {
  readonly code = 'GB_INVALID_CURSOR';
  constructor() {
    super('invalid cursor: pass the `next` value of the previous page unchanged');
    this.name = 'InvalidCursorError';
  }
}
