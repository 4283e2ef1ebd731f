import type { Reading } from '@gongbang/shared';
import type Database from 'better-sqlite3';
import { ByteWriter, GIVE_UP } from '../byte-writer.js';
import type { WriteResult } from '../types.js';

const INSERT = 'INSERT OR IGNORE INTO readings (agent, seq, workshop, ts, kind, source, num, body) VALUES';
const ROWS_PER_INSERT = 50;
/** Columns per row in a {@link RowBatch}, in INSERT order. */
export const COLUMNS = 8;

/**
 * One agent's readings as flat insert parameters, COLUMNS per reading, as the statement of
 * {@link prepareRowInsert} takes them. The writer thread gets them packed ({@link PackedRows}).
 */
export interface RowBatch {
  params: unknown[];
}

/** The reading's JSON without the fields kept in their own columns (any kind). */
function bodyOf(r: Reading): string {
  const { seq: _seq, ts: _ts, kind: _kind, source: _source, ...rest } = r;
  return JSON.stringify(rest);
}

/** The numeric value aggregates work on: measurement value, count delta. */
function numericOf(r: Reading): number | null {
  if (r.kind === 'measurement') return r.value;
  if (r.kind === 'count') return r.delta;
  return null;
}

/**
 * Flat rows of readings: COLUMNS parameters per reading, in INSERT order. The rows the writer
 * thread inserts, body text included: the benchmark's raw-insert baseline stores these.
 */
export function toRows(ws: string, agent: string, rs: readonly Reading[]): RowBatch {
  return unpackRows(packRows(ws, agent, rs));
}

/**
 * One agent's rows packed for the hop to the writer thread (issue #11): a structured clone
 * costs per value, and the flat rows hold eight values a reading. Packed, a batch is one
 * transferred buffer, one string and a handful of names, whatever its size.
 */
export interface PackedRows {
  agent: string;
  workshop: string;
  /** Per reading: seq, ts, the numeric column (NaN for null), then the kind's and the source's index in `names`. */
  numbers: Float64Array;
  /** The kinds and sources the batch names, each once. */
  names: string[];
  /**
   * The bodies as UTF-8, joined by newlines (JSON text never holds a raw newline); its own
   * buffer, transferred with `numbers`.
   */
  bodies: Uint8Array;
}

const NUMBERS = 5;

/** A key (with what comes before it) and its string value, or null. */
function str(w: ByteWriter, key: string, v: string | null): void {
  w.ascii(key);
  if (v === null) w.ascii('null');
  else w.jsonString(v);
}

/** A key (with what comes before it) and its number. */
function num(w: ByteWriter, key: string, v: number): void {
  w.ascii(key);
  w.num(v);
}

/**
 * Writes the body of the high-volume kinds straight as bytes, keys in the schema's order: the
 * object rest and JSON.stringify of {@link bodyOf} were the largest cost of the ingest route
 * after JSON.parse (17 % of the collector's main thread, issue #11). The reading is valid by
 * the shared schema (the store's contract), so these are all its keys. Other kinds throw
 * GIVE_UP; so does a value the writer leaves to the general path.
 */
function writeBody(w: ByteWriter, r: Reading): void {
  switch (r.kind) {
    case 'measurement':
      str(w, '{"timeSource":', r.timeSource);
      str(w, ',"channel":', r.channel);
      num(w, ',"value":', r.value);
      str(w, ',"unit":', r.unit);
      break;
    case 'count':
      str(w, '{"timeSource":', r.timeSource);
      str(w, ',"channel":', r.channel);
      num(w, ',"delta":', r.delta);
      num(w, ',"total":', r.total);
      if (r.counterEvent !== undefined) str(w, ',"counterEvent":', r.counterEvent);
      break;
    case 'machine_state':
      str(w, '{"timeSource":', r.timeSource);
      str(w, ',"machine":', r.machine);
      str(w, ',"state":', r.state);
      str(w, ',"reason":', r.reason);
      if (r.channel !== undefined) str(w, ',"channel":', r.channel);
      break;
    case 'scan': {
      str(w, '{"timeSource":', r.timeSource);
      str(w, ',"text":', r.text);
      str(w, ',"raw":', r.raw);
      str(w, ',"encoding":', r.encoding);
      w.ascii(',"symbology":');
      if (r.symbology === null) w.ascii('null');
      else {
        str(w, '{"aim":', r.symbology.aim);
        str(w, ',"name":', r.symbology.name);
        w.ascii('}');
      }
      w.ascii(',"gs1":');
      if (r.gs1 === null) w.ascii('null');
      else {
        w.ascii('[');
        r.gs1.forEach((e, i) => {
          str(w, i === 0 ? '{"ai":' : ',{"ai":', e.ai);
          str(w, ',"value":', e.value);
          if (e.valid !== undefined) w.ascii(e.valid ? ',"valid":true' : ',"valid":false');
          w.ascii('}');
        });
        w.ascii(']');
      }
      str(w, ',"meaning":', r.meaning);
      str(w, ',"rule":', r.rule);
      w.ascii(',"fields":{');
      // Object.keys: the keys, and their order, JSON.stringify takes.
      Object.keys(r.fields).forEach((k, i) => {
        str(w, i === 0 ? '' : ',', k);
        str(w, ':', r.fields[k]!);
      });
      w.ascii('},"flags":[');
      r.flags.forEach((f, i) => {
        str(w, i === 0 ? '' : ',', f);
      });
      w.ascii(']');
      break;
    }
    default:
      throw GIVE_UP;
  }
  w.ascii('}');
}

/** Packs readings for the writer thread; {@link unpackRows} gives their rows back. */
export function packRows(ws: string, agent: string, rs: readonly Reading[]): PackedRows {
  const numbers = new Float64Array(rs.length * NUMBERS);
  const index = new Map<string, number>();
  const names: string[] = [];
  const nameOf = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = names.push(s) - 1;
      index.set(s, i);
    }
    return i;
  };
  const w = new ByteWriter(rs.length * 96);
  for (let j = 0; j < rs.length; j++) {
    const r = rs[j]!;
    const o = j * NUMBERS;
    numbers[o] = r.seq;
    numbers[o + 1] = r.ts;
    numbers[o + 2] = numericOf(r) ?? Number.NaN;
    numbers[o + 3] = nameOf(r.kind);
    numbers[o + 4] = nameOf(r.source);
    if (j > 0) w.ascii('\n');
    const start = w.pos;
    try {
      writeBody(w, r);
    } catch {
      // GIVE_UP, or a reading off the schema's shape: JSON.stringify writes whatever it holds.
      w.pos = start;
      w.utf8(bodyOf(r));
    }
  }
  // A copy of the scratch bytes, in a buffer of its own to transfer.
  return { agent, workshop: ws, numbers, names, bodies: w.buf.subarray(0, w.pos).slice() };
}

/** The flat rows of a packed batch (on the writer thread). */
export function unpackRows(p: PackedRows): RowBatch {
  const n = p.numbers.length / NUMBERS;
  const params: unknown[] = new Array(n * COLUMNS);
  if (n === 0) return { params };
  const bodies = Buffer.from(p.bodies.buffer, p.bodies.byteOffset, p.bodies.byteLength).toString('utf8').split('\n');
  if (bodies.length !== n) throw new Error(`packed rows: ${n} readings but ${bodies.length} bodies`);
  const { agent, workshop, numbers, names } = p;
  for (let j = 0; j < n; j++) {
    const o = j * COLUMNS;
    const q = j * NUMBERS;
    const num = numbers[q + 2]!;
    params[o] = agent;
    params[o + 1] = numbers[q];
    params[o + 2] = workshop;
    params[o + 3] = numbers[q + 1];
    params[o + 4] = names[numbers[q + 3]!];
    params[o + 5] = names[numbers[q + 4]!];
    // SQLite stores a NaN bound as a double as NULL too; null keeps the column's meaning plain.
    params[o + 6] = Number.isNaN(num) ? null : num;
    params[o + 7] = bodies[j];
  }
  return { params };
}

/**
 * Prepares the insert of flat rows on `db`: many rows per statement, since the per-statement
 * overhead dominates single-row inserts. Rows whose (agent, seq) is stored already are ignored.
 * The collector's writer and the benchmark's raw-insert baseline both insert through this, so
 * the baseline follows the statement the collector runs.
 */
export function prepareRowInsert(db: Database.Database): (params: readonly unknown[]) => void {
  const insertRows = (n: number) =>
    db.prepare(`${INSERT} ${Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`);
  const full = insertRows(ROWS_PER_INSERT);
  const one = insertRows(1);
  const chunk = ROWS_PER_INSERT * COLUMNS;
  return (params) => {
    let i = 0;
    for (; i + chunk <= params.length; i += chunk) full.run(params.slice(i, i + chunk));
    for (; i < params.length; i += COLUMNS) one.run(params.slice(i, i + COLUMNS));
  };
}

/** Inserts readings idempotently by (agent, seq) on one connection; synchronous. */
export class SqliteWriter {
  /**
   * Writes several batches in one transaction, so one commit (one fsync at FULL) serves all
   * that arrived together. All or nothing: if the commit fails, every batch fails and is retried.
   */
  readonly writeMany: (batches: readonly RowBatch[]) => WriteResult[];
  private readonly retention: Database.Statement;

  constructor(db: Database.Database) {
    const existing = db.prepare('SELECT seq FROM readings WHERE agent = ? AND seq BETWEEN ? AND ?').pluck();
    const insert = prepareRowInsert(db);
    this.retention = db.prepare('DELETE FROM readings WHERE ts < ?');
    const writeOne = ({ params }: RowBatch): WriteResult => {
      const n = params.length / COLUMNS;
      if (n === 0) return { stored: [], duplicates: [] };
      const agent = params[0] as string;
      // Which seqs are stored already (a replay): one range scan of the primary key.
      let lo = Number.POSITIVE_INFINITY;
      let hi = 0;
      for (let j = 0; j < n; j++) {
        const seq = params[j * COLUMNS + 1] as number;
        if (seq < lo) lo = seq;
        if (seq > hi) hi = seq;
      }
      const have = new Set(existing.all(agent, lo, hi) as number[]);
      const result: WriteResult = { stored: [], duplicates: [] };
      let fresh = params;
      if (have.size > 0) {
        fresh = [];
        for (let j = 0; j < n; j++) {
          const seq = params[j * COLUMNS + 1] as number;
          if (have.has(seq)) result.duplicates.push(seq);
          else {
            for (let c = 0; c < COLUMNS; c++) fresh.push(params[j * COLUMNS + c]);
            have.add(seq);
          }
        }
      }
      const rows = fresh.length / COLUMNS;
      for (let j = 0; j < rows; j++) result.stored.push(fresh[j * COLUMNS + 1] as number);
      insert(fresh);
      return result;
    };
    this.writeMany = db.transaction((batches: readonly RowBatch[]) => batches.map(writeOne));
  }

  /**
   * writeMany for batches that arrived together, each answered on its own: when the shared
   * transaction fails, each batch is tried again in a transaction of its own, so a batch that
   * cannot be stored fails alone instead of taking the others of its group with it.
   */
  writeGroup(batches: readonly RowBatch[]): Array<WriteResult | Error> {
    try {
      return this.writeMany(batches).map((r) => ({ ...r, commitBatches: batches.length }));
    } catch (err) {
      if (batches.length === 1) return [err as Error];
      return batches.map((b) => {
        try {
          return { ...this.writeMany([b])[0]!, commitBatches: 1 };
        } catch (one) {
          return one as Error;
        }
      });
    }
  }

  write(workshopId: string, agentId: string, readings: readonly Reading[]): WriteResult {
    return { ...this.writeMany([toRows(workshopId, agentId, readings)])[0]!, commitBatches: 1 };
  }

  /** Deletes readings captured before `cutoffMs`; returns how many. */
  applyRetention(cutoffMs: number): number {
    return this.retention.run(cutoffMs).changes;
  }
}
