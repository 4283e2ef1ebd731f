import Database from 'better-sqlite3';
import { scanLeafPages } from './salvage-raw.js';
import type { Db } from './sqlite-file.js';

/** A reading row as the spool stores it. */
interface Row {
  seq: number;
  ts: number;
  at: number;
  bytes: number;
  gap: number;
  json: string;
}

/** What could be read back from a damaged spool file. */
export interface SalvageResult {
  /** Readings copied into the new spool, with their seqs. */
  readings: number;
  /** Dead letters copied. */
  deadLetters: number;
  /** Readings the damaged file held by its own count (`meta.count`), when that was readable. */
  expected: number | undefined;
  /** Seq ranges that could not be read (inclusive); the lost readings are inside them. */
  unreadable: Array<[number, number]>;
  /** Highest seq counter the file knew (`meta.next_seq`), when readable. */
  nextSeq: number | undefined;
  /** SQLite could not read the file, so its leaf pages were read byte by byte (free-list pages included). */
  rawPages: boolean;
}

const SELECT_RANGE = 'SELECT seq, ts, at, bytes, gap, json FROM readings WHERE seq BETWEEN ? AND ? ORDER BY seq';
/** A failed range wider than this is probed before it is halved. */
const WIDE = 4_096;
/** Probe spacing: well below the ~25 readings a 4 KiB leaf page holds, so no readable page is skipped. */
const PROBE_STRIDE = 8;
const SELECT_ONE = 'SELECT seq, ts, at, bytes, gap, json FROM readings WHERE seq = ?';

/**
 * Copies every reading that can still be read from a damaged spool file into `target` (issue #10,
 * item 17). better-sqlite3 has no `.recover` (that is a sqlite3 shell command built on an extension
 * the library does not ship), so it reads by seq ranges: a range whose B-tree pages are damaged
 * fails as a whole and is halved until the readable parts are read and each unreadable seq is
 * alone. A row must also carry its own seq in its JSON, so a damaged but well-formed page cannot
 * smuggle in garbage. `hiHint` is the highest seq any other source knows (the sidecar), used
 * when the file's own bounds cannot be read.
 */
export function salvageInto(file: string, target: Db, hiHint: number): SalvageResult {
  const out: SalvageResult = {
    readings: 0,
    deadLetters: 0,
    expected: undefined,
    unreadable: [],
    nextSeq: undefined,
    rawPages: false,
  };
  const insert = target.prepare(
    'INSERT OR IGNORE INTO readings (seq, ts, at, bytes, gap, json) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const keep = target.transaction((rows: Row[]) => {
    for (const r of rows) {
      if (!wellFormed(r)) continue;
      out.readings += insert.run(r.seq, r.ts, r.at, r.bytes, r.gap ? 1 : 0, r.json).changes;
    }
  });
  /** SQLite cannot read the file at all (its first page is gone): read the leaf pages' bytes. */
  const fromRawPages = (): SalvageResult => {
    out.rawPages = true;
    try {
      keep(scanLeafPages(file));
    } catch {}
    return out;
  };
  let src: Db;
  try {
    src = new Database(file, { fileMustExist: true });
  } catch {
    return fromRawPages();
  }
  try {
    // A file shorter than its header says is refused as a whole unless the schema is writable
    // (btree.c, lockBtree), which better-sqlite3's defensive mode forbids until unsafe mode is on;
    // this connection never writes (query_only), it only reads what is left.
    src.unsafeMode(true);
    tryRun(src, 'PRAGMA writable_schema = ON');
    tryRun(src, 'PRAGMA query_only = ON');
    const meta = tryAll<{ key: string; value: number }>(src, 'SELECT key, value FROM meta');
    const metaOf = (k: string) => meta?.find((m) => m.key === k)?.value;
    out.expected = metaOf('count');
    out.nextSeq = metaOf('next_seq');
    const lo = tryGet(src, 'SELECT min(seq) FROM readings') ?? 1;
    const hi = tryGet(src, 'SELECT max(seq) FROM readings') ?? Math.max(lo, (out.nextSeq ?? hiHint) - 1);
    let range: Database.Statement;
    let point: Database.Statement;
    try {
      range = src.prepare(SELECT_RANGE);
      point = src.prepare(SELECT_ONE);
    } catch {
      return fromRawPages(); // the schema itself is unreadable: not a database any more
    }
    // Reads a range row by row, keeping what came before an error; the rest is halved until each
    // unreadable seq is alone. A single seq is read by a point lookup: a range read ending on the
    // last row of a page steps into the next page and would fail on a neighbour's damage.
    const scan = (a: number, b: number): void => {
      if (a === b) {
        try {
          keep(point.all(a) as Row[]);
        } catch {
          addRange(out.unreadable, a);
        }
        return;
      }
      const rows: Row[] = [];
      let failed = false;
      try {
        for (const r of range.iterate(a, b) as IterableIterator<Row>) rows.push(r);
      } catch {
        failed = true;
      }
      keep(rows);
      if (!failed) return;
      const from = rows.length > 0 ? rows[rows.length - 1]!.seq + 1 : a;
      if (from > b) return;
      if (from === b) {
        scan(b, b);
        return;
      }
      if (b - from > WIDE && !anyReadable(from, b)) {
        out.unreadable.push([from, b]);
        return;
      }
      const mid = from + Math.floor((b - from) / 2);
      scan(from, mid);
      scan(mid + 1, b);
    };
    // Halving a wide dead range down to single seqs costs one failing lookup per seq: probe it first.
    const anyReadable = (a: number, b: number): boolean => {
      for (let q = a; q <= b; q += PROBE_STRIDE) {
        try {
          point.all(q);
          return true;
        } catch {}
      }
      return false;
    };
    if (lo <= hi) scan(lo, hi);
    out.deadLetters = copyRest(src, target, meta ?? []);
  } finally {
    src.close();
  }
  return out;
}

/** Dead letters, cursors and meta numbers: best effort, whatever reads. */
function copyRest(src: Db, target: Db, meta: Array<{ key: string; value: number }>): number {
  let dead = 0;
  const deadRows = tryAll<Record<string, unknown>>(src, 'SELECT seq, ts, json, code, message, at FROM dead_letters');
  const insDead = target.prepare(
    'INSERT OR IGNORE INTO dead_letters (seq, ts, json, code, message, at) VALUES (@seq, @ts, @json, @code, @message, @at)',
  );
  for (const d of deadRows ?? []) dead += insDead.run(d).changes;
  const insCursor = target.prepare('INSERT OR REPLACE INTO cursors (source, ts) VALUES (@source, @ts)');
  for (const c of tryAll<Record<string, unknown>>(src, 'SELECT source, ts FROM cursors') ?? []) insCursor.run(c);
  const insMeta = target.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  for (const m of meta) if (m.key !== 'count') insMeta.run(m.key, m.value);
  return dead;
}

function wellFormed(r: Row): boolean {
  return (
    Number.isSafeInteger(r.seq) &&
    typeof r.json === 'string' &&
    r.json.startsWith(`{"seq":${r.seq},`) &&
    r.json.endsWith('}') &&
    Number.isSafeInteger(r.ts)
  );
}

function addRange(ranges: Array<[number, number]>, seq: number): void {
  const last = ranges[ranges.length - 1];
  if (last && last[1] === seq - 1) last[1] = seq;
  else ranges.push([seq, seq]);
}

function tryAll<T>(db: Db, sql: string): T[] | undefined {
  try {
    return db.prepare(sql).all() as T[];
  } catch {
    return undefined;
  }
}

function tryRun(db: Db, sql: string): void {
  try {
    db.exec(sql);
  } catch {}
}

function tryGet(db: Db, sql: string): number | undefined {
  try {
    const v = db.prepare(sql).pluck().get();
    return typeof v === 'number' ? v : undefined;
  } catch {
    return undefined;
  }
}
