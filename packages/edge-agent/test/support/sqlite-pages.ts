import { readFileSync } from 'node:fs';

/** One table-leaf page of a SQLite file and the rowids on it. */
export interface LeafPage {
  /** 1-based page number. */
  pageNo: number;
  rowids: number[];
}

/**
 * Reads the table-leaf pages of a SQLite file straight from its bytes (file format §1.6, b-tree
 * pages): page type 0x0D, cell count at offset 3, cell pointers after the 8-byte header, each
 * cell starting with two varints (payload size, rowid). For tests that damage a page and need to
 * know, independently of the code under test, which readings were on it.
 */
export function leafPages(file: string): { pageSize: number; pages: LeafPage[] } {
  const buf = readFileSync(file);
  const raw = buf.readUInt16BE(16);
  const pageSize = raw === 1 ? 65_536 : raw;
  const pages: LeafPage[] = [];
  for (let off = 0, no = 1; off + pageSize <= buf.length; off += pageSize, no++) {
    const h = off + (no === 1 ? 100 : 0);
    if (buf[h] !== 0x0d) continue;
    const cells = buf.readUInt16BE(h + 3);
    const rowids: number[] = [];
    for (let i = 0; i < cells; i++) {
      let p = off + buf.readUInt16BE(h + 8 + 2 * i);
      p = varint(buf, p)[1]; // payload size
      rowids.push(varint(buf, p)[0]);
    }
    pages.push({ pageNo: no, rowids });
  }
  return { pageSize, pages };
}

function varint(buf: Buffer, at: number): [number, number] {
  let v = 0;
  for (let i = 0; i < 8; i++) {
    const b = buf[at + i]!;
    v = v * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) return [v, at + i + 1];
  }
  return [v * 256 + buf[at + 8]!, at + 9];
}
