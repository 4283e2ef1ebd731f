/** Operational spool problems; `retryable` says whether the same operation may succeed later. */
export type SpoolErrorCode = 'spool_corrupt' | 'disk_full' | 'spool_io' | 'spool_closed';

export class SpoolError extends Error {
  constructor(
    readonly code: SpoolErrorCode,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SpoolError';
  }
}

/** SQLite result codes (https://www.sqlite.org/rescode.html) that mean the file is not a usable database. */
const CORRUPT = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_SEQUENCE']);

export function isCorruption(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && (CORRUPT.has(code) || code.startsWith('SQLITE_CORRUPT'));
}

/**
 * SQLITE_FULL: the disk (or max_page_count) is full. Node's fs errors say ENOSPC in `code`; their
 * `errno` is the negative number (-28 on Linux), never the string.
 */
export function isDiskFull(err: unknown): boolean {
  const e = err as { code?: unknown; errno?: unknown } | null | undefined;
  return e?.code === 'SQLITE_FULL' || e?.code === 'ENOSPC' || e?.errno === -28 || e?.errno === 'ENOSPC';
}
