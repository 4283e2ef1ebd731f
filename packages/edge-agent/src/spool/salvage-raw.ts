import { readFileSync } from 'node:fs';

/** A reading row read straight from the bytes of a table-leaf page. */
export interface RawRow {
  seq: number;
  ts: number;
  at: number;
  bytes: number;
  gap: number;
  json: string;
}

/**
 * Last resort for a spool file whose first page (header and schema) is destroyed, so SQLite
 * cannot open it at all: walks every page as a table b-tree leaf (file format §1.6: type 0x0D,
 * cell count at offset 3, cell pointers after the 8-byte header; each cell a payload-size and a
 * rowid varint, then the record) and keeps the cells shaped like a `readings` row — six columns,
 * NULL (the rowid alias), four integers, a text — whose JSON starts with its own seq. Cells whose
 * payload spills to overflow pages are skipped. Page size: the header's if it is still valid,
 * else 4096 (SQLite's default, the spool's). Pages on the free list may hold readings deleted
 * after delivery; sending those again is harmless (the collector stores a seq once).
 */
export function scanLeafPages(file: string): RawRow[] {
  const buf = readFileSync(file);
  const raw = buf.length >= 18 ? buf.readUInt16BE(16) : 0;
  const fromHeader = raw === 1 ? 65_536 : raw;
  const pageSize = fromHeader >= 512 && (fromHeader & (fromHeader - 1)) === 0 ? fromHeader : 4096;
  const maxLocal = pageSize - 35;
  const out: RawRow[] = [];
  for (let off = 0; off + pageSize <= buf.length; off += pageSize) {
    // Every read below stays inside this page: garbage pages only ever yield no rows.
    const h = off === 0 ? off + 100 : off;
    if (buf[h] !== 0x0d) continue;
    const cells = buf.readUInt16BE(h + 3);
    for (let i = 0; i < cells && h + 8 + 2 * i + 1 < off + pageSize; i++) {
      const at = off + buf.readUInt16BE(h + 8 + 2 * i);
      if (at >= off + pageSize) continue;
      try {
        const row = readCell(buf, at, off + pageSize, maxLocal);
        if (row) out.push(row);
      } catch {}
    }
  }
  return out;
}

function readCell(buf: Buffer, at: number, end: number, maxLocal: number): RawRow | undefined {
  const [payload, p1] = varint(buf, at);
  if (payload > maxLocal || p1 >= end) return undefined;
  const [rowid, p2] = varint(buf, p1);
  if (p2 + payload > end) return undefined;
  const [headerSize, p3] = varint(buf, p2);
  // Garbage can claim any sizes: a readings record header is 7 to about 16 bytes.
  if (headerSize < 7 || headerSize > 64 || headerSize > payload) return undefined;
  const types: number[] = [];
  let p = p3;
  while (p < p2 + headerSize) {
    if (types.length === 6) return undefined;
    const [t, q] = varint(buf, p);
    types.push(t);
    p = q;
  }
  if (types.length !== 6 || types[0] !== 0 || !(types[5]! >= 13 && types[5]! % 2 === 1)) return undefined;
  const ints: number[] = [];
  let body = p2 + headerSize;
  for (const t of types.slice(1, 5)) {
    const [v, size] = intOf(buf, body, t);
    if (v === undefined) return undefined;
    ints.push(v);
    body += size;
  }
  const len = (types[5]! - 13) / 2;
  if (body + len > p2 + payload) return undefined;
  const json = buf.toString('utf8', body, body + len);
  return { seq: rowid, ts: ints[0]!, at: ints[1]!, bytes: ints[2]!, gap: ints[3]!, json };
}

/** An integer column: serial types 1–6 (big-endian, signed), 8 (0) and 9 (1). */
function intOf(buf: Buffer, at: number, t: number): [number | undefined, number] {
  if (t === 8) return [0, 0];
  if (t === 9) return [1, 0];
  const size = [0, 1, 2, 3, 4, 6, 8][t];
  if (size === undefined || t === 0) return [undefined, 0];
  if (size === 8) return [Number(buf.readBigInt64BE(at)), 8];
  return [buf.readIntBE(at, size), size];
}

/** A SQLite varint: up to 9 bytes, big-endian, 7 bits each but all 8 in the ninth. */
function varint(buf: Buffer, at: number): [number, number] {
  let v = 0;
  for (let i = 0; i < 8; i++) {
    const b = buf[at + i]!;
    v = v * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) return [v, at + i + 1];
  }
  return [v * 256 + buf[at + 8]!, at + 9];
}
