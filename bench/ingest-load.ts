// The ingest benchmark's load: 1,000-reading batches of a realistic mix per client, as gzip
// JSON for the collector, as line protocol for the direct InfluxDB write and as the store's flat
// rows for the raw SQLite baseline; and the in-process cost of the collector's main steps.
import { gunzipSync, gzipSync } from 'node:zlib';
import { checkReadings, type RowBatch, readingsToLines, readingToPoint, toLine, toRows } from '@gongbang/collector';
import type { Batch, Reading } from '@gongbang/shared';
// The ingest route's JSON parser (not part of the package's surface): UTF-8, nesting and prototype-poisoning checks.
import { parseJsonBody } from '../packages/collector/src/http/json-body.js';
// The InfluxDB store's line encoding and the SQLite store's hand-off to its writer thread (not part of the surface either).
import { asciiLines } from '../packages/collector/src/store/influx/ascii-lines.js';
import { packRows, unpackRows } from '../packages/collector/src/store/sqlite/writer.js';
import { envInt } from './env.js';
import { median } from './stats.js';

export const BATCH = 1000;
// GB_INGEST_CLIENTS: concurrent clients, each with one batch in flight (default 8).
export const CLIENTS = envInt('GB_INGEST_CLIENTS', 8);
export const BATCHES_PER_RUN = 160; // 160,000 readings per run

/** A realistic mix: mostly measurements, some counts, machine states and scans. */
export function reading(seq: number, ts: number): Reading {
  const base = { seq, ts, timeSource: 'device' as const };
  switch (seq % 10) {
    case 0:
      return { ...base, source: 'sewing-3', kind: 'count', channel: 'pieces', delta: 1, total: seq };
    case 1:
      return {
        ...base,
        source: 'meter-1',
        kind: 'machine_state',
        machine: 'press-1',
        state: 'running',
        reason: 'threshold',
        channel: 'power_w',
      };
    case 2:
      return {
        ...base,
        source: 'scanner-1',
        kind: 'scan',
        text: `WO-2026-${seq}`,
        raw: Buffer.from(`WO-2026-${seq}\r`).toString('base64'),
        encoding: 'ascii',
        symbology: { aim: ']C0', name: 'code128' },
        gs1: null,
        meaning: 'work_order',
        rule: 'wo',
        fields: { order: `WO-2026-${seq}` },
        flags: [],
      };
    default:
      return {
        ...base,
        source: 'meter-1',
        kind: 'measurement',
        channel: 'power_w',
        value: (seq % 2400) + 0.5,
        unit: 'W',
      };
  }
}

export interface Load {
  /** Per client: its batches, as gzip JSON for the collector and as line protocol for the direct write. */
  gz: Buffer[][];
  lp: Buffer[][];
  /**
   * The same batches as the store's flat rows, in the order a group commit would see them when
   * every client has one batch in flight: batch b of each client, then batch b + 1.
   */
  rows: RowBatch[];
}

/**
 * Where the benchmark's capture times start: two days back, within any retention, whole
 * seconds. Each run's readings come after the last run's, as live readings do.
 */
const T0_MS = Math.floor((Date.now() - 2 * 86_400_000) / 1000) * 1000;

/**
 * Batches for one run from `clients` clients; seqs continue from `seq0` so every run stores new
 * readings. Capture times follow the seqs (one reading a millisecond from T0_MS, every client
 * over the same span), so each run appends after the last one as live data does. Until
 * 1 December 2026 every run's times lay in the same stretch ten minutes before it was made, so
 * each run's rows went in among all earlier runs' rows in the time index: a store's insert cost
 * then grew run after run and depended on the order the clients' batches came in (in process,
 * 2.0 → 5.3 µs a row over 8 runs with each client's batches in turn, 2.0–2.2 with the times
 * following the seqs).
 */
export function makeLoad(seq0: number, clients = CLIENTS): Load {
  const gz: Buffer[][] = [];
  const lp: Buffer[][] = [];
  const rows: RowBatch[] = [];
  const now = Date.now();
  if (BATCHES_PER_RUN % clients !== 0)
    throw new Error(`${clients} clients do not share ${BATCHES_PER_RUN} batches evenly`);
  for (let c = 0; c < clients; c++) {
    gz.push([]);
    lp.push([]);
    for (let b = 0; b < BATCHES_PER_RUN / clients; b++) {
      const first = seq0 + b * BATCH + 1;
      const readings = Array.from({ length: BATCH }, (_, i) => reading(first + i, T0_MS + first + i));
      const batch: Batch = {
        v: 1,
        agentId: `bench-${c}`,
        batchId: `r${seq0}-${b}`,
        firstSeq: first,
        lastSeq: first + BATCH - 1,
        sentAt: now,
        readings,
      };
      gz[c]!.push(gzipSync(JSON.stringify(batch)));
      lp[c]!.push(Buffer.from(readings.map((r) => toLine(readingToPoint('ws-bench', `bench-${c}`, r))).join('\n')));
      rows[b * clients + c] = toRows('ws-bench', `bench-${c}`, readings);
    }
  }
  return { gz, lp, rows };
}

/**
 * What the collector's main steps cost per reading on one 1,000-reading batch, in this process:
 * medians of 9 rounds of 200 repetitions (after a warm-up), µs per reading.
 */
export function stepCosts(): Record<string, number> {
  const load = makeLoad(0);
  const gz = load.gz[0]![0]!;
  const text = gunzipSync(gz).toString('utf8');
  const body = JSON.parse(text);
  const window = { notBeforeMs: 0, notAfterMs: Date.now() + 86_400_000 };
  const checked = checkReadings(body, window);
  if (!checked.ok || checked.accepted.length !== BATCH) throw new Error('the benchmark batch does not pass the checks');
  const accepted = checked.accepted;
  const steps: Record<string, () => unknown> = {
    gunzip: () => gunzipSync(gz),
    decodeUtf8: () => gunzipSync(gz).toString('utf8'),
    jsonParse: () => JSON.parse(text),
    parseJsonBody: () => parseJsonBody(gunzipSync(gz)),
    checkReadings: () => checkReadings(body, window),
    // As the InfluxDB store encodes a batch into the bytes it sends.
    lineProtocol: () =>
      asciiLines('ws-bench', 'bench-0', accepted) ?? Buffer.from(readingsToLines('ws-bench', 'bench-0', accepted)),
    // The SQLite store's rows, packed, through a structured clone as postMessage makes it, unpacked.
    sqliteHandoff: () => {
      const packed = packRows('ws-bench', 'bench-0', accepted);
      return unpackRows(
        structuredClone(packed, {
          transfer: [packed.numbers.buffer as ArrayBuffer, packed.bodies.buffer as ArrayBuffer],
        }),
      );
    },
  };
  const out: Record<string, number> = {};
  for (const [name, fn] of Object.entries(steps)) {
    for (let i = 0; i < 100; i++) fn();
    const rounds: number[] = [];
    for (let r = 0; r < 9; r++) {
      const t = performance.now();
      for (let i = 0; i < 200; i++) fn();
      rounds.push(((performance.now() - t) * 1000) / 200 / BATCH);
    }
    out[name] = +median(rounds).toFixed(3);
  }
  // decodeUtf8 includes the gunzip it follows.
  out.decodeUtf8 = +(out.decodeUtf8! - out.gunzip!).toFixed(3);
  // The route's whole parser after the gunzip: UTF-8 check and decoding, nesting scan, JSON.parse, poisoning check.
  out.parseJsonBody = +(out.parseJsonBody! - out.gunzip!).toFixed(3);
  return out;
}
