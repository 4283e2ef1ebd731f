import { closeSync, mkdtempSync, openSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SPOOL_OPTIONS, SqliteSpool } from '../../src/spool/index.js';
import { scanLeafPages } from '../../src/spool/salvage-raw.js';
import { measurement, silentLogger } from '../support/drafts.js';
import { leafPages } from '../support/sqlite-pages.js';

const BACKLOG = 20_000;
const dirs: string[] = [];
const open: SqliteSpool[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function spoolIn(dir: string): SqliteSpool {
  const s = new SqliteSpool(
    { ...DEFAULT_SPOOL_OPTIONS, file: path.join(dir, 'spool.db'), reserveBytes: 0 },
    { logger: silentLogger() },
  );
  open.push(s);
  return s;
}

/** A spool file with a 20,000-reading backlog, closed cleanly; returns its dir and the readings' JSON by seq. */
async function backlog(): Promise<{ dir: string; file: string; json: Map<number, string> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gb-salvage-'));
  dirs.push(dir);
  const s = spoolIn(dir);
  await s.start();
  for (let i = 0; i < BACKLOG; i++) s.append(measurement(i));
  s.flush();
  const json = new Map(s.takeOldest({ maxReadings: BACKLOG, maxBytes: 1e12 }).map((r) => [r.seq, r.json]));
  await s.stop();
  open.splice(open.indexOf(s), 1);
  return { dir, file: path.join(dir, 'spool.db'), json };
}

function overwrite(file: string, offset: number, length: number, seed: number): void {
  const bytes = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1_103_515_245 + 12_345) >>> 0;
    bytes[i] = x >>> 24;
  }
  const fd = openSync(file, 'r+');
  writeSync(fd, bytes, 0, length, offset);
  closeSync(fd);
}

/** Restarts on the damaged file and returns what the new spool holds. */
async function reopen(dir: string) {
  const s = spoolIn(dir);
  await s.start();
  s.flush();
  const rows = s
    .takeOldest({ maxReadings: BACKLOG + 10, maxBytes: 1e12 })
    .map((r) => ({ ...r, o: JSON.parse(r.json) }));
  const gaps = rows.filter((r) => r.o.kind === 'gap');
  const readings = rows.filter((r) => r.o.kind !== 'gap');
  return { s, gaps, readings };
}

describe('SqliteSpool salvages a damaged spool file', () => {
  it('keeps every reading but those on one overwritten page and reports exactly those as lost', async () => {
    const { dir, file, json } = await backlog();
    const { pageSize, pages } = leafPages(file);
    const victim = pages.find((p) => p.rowids[0]! > BACKLOG / 2)!;
    overwrite(file, (victim.pageNo - 1) * pageSize, pageSize, 7);

    const { s, gaps, readings } = await reopen(dir);
    const expectedLost = victim.rowids.length;
    expect(readings).toHaveLength(BACKLOG - expectedLost);
    for (const r of readings) expect(r.json).toBe(json.get(r.seq));
    const got = new Set(readings.map((r) => r.seq));
    const missing = [...json.keys()].filter((seq) => !got.has(seq));
    expect(missing).toEqual(victim.rowids);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.o).toMatchObject({ reason: 'spool_corrupt', dropped: expectedLost });
    expect(gaps[0]!.o.fromSeq).toBeLessThanOrEqual(victim.rowids[0]!);
    expect(gaps[0]!.o.toSeq).toBeGreaterThanOrEqual(victim.rowids[victim.rowids.length - 1]!);
    expect(gaps[0]!.seq).toBeGreaterThan(BACKLOG);
    expect(s.stats()).toMatchObject({ depth: BACKLOG - expectedLost + 1, dropped: { spool_corrupt: expectedLost } });
    expect(s.stats().problem?.code).toBe('spool_corrupt');
  });

  it('salvages the readable part of a truncated file and reports the exact number lost', async () => {
    const { dir, file, json } = await backlog();
    const { pageSize, pages } = leafPages(file);
    const keepPages = Math.floor((statSync(file).size / pageSize) * 0.7);
    truncateSync(file, keepPages * pageSize);
    // Rows on pages past the cut cannot be read; rows before it may (if their interior pages survived).
    const cut = new Set(pages.filter((p) => p.pageNo > keepPages).flatMap((p) => p.rowids));

    const { gaps, readings } = await reopen(dir);
    for (const r of readings) {
      expect(r.json).toBe(json.get(r.seq));
      expect(cut.has(r.seq)).toBe(false);
    }
    // Here every page before the cut survived with its interior pages: everything on them is kept.
    expect(readings).toHaveLength(BACKLOG - cut.size);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.o).toMatchObject({ reason: 'spool_corrupt', dropped: BACKLOG - readings.length });
  });

  it('salvages around a run of garbage over the middle of the file', async () => {
    const { dir, file, json } = await backlog();
    const size = statSync(file).size;
    const { pageSize, pages } = leafPages(file);
    // Whole pages, so every reading on them is gone and every other one is intact.
    const from = Math.floor((size * 0.3) / pageSize) * pageSize;
    const to = Math.floor((size * 0.6) / pageSize) * pageSize;
    overwrite(file, from, to - from, 99);
    const hit = new Set(
      pages.filter((p) => p.pageNo * pageSize > from && (p.pageNo - 1) * pageSize < to).flatMap((p) => p.rowids),
    );

    const { gaps, readings } = await reopen(dir);
    for (const r of readings) {
      expect(r.json).toBe(json.get(r.seq));
      expect(hit.has(r.seq)).toBe(false);
    }
    expect(readings).toHaveLength(BACKLOG - hit.size);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.o).toMatchObject({ reason: 'spool_corrupt', dropped: BACKLOG - readings.length });
  });

  it('reads the leaf pages of a file whose first pages (header and schema) are garbage', async () => {
    const { dir, file, json } = await backlog();
    const { pageSize, pages } = leafPages(file);
    const garbagePages = 16;
    overwrite(file, 0, garbagePages * pageSize, 5);
    const survive = pages
      .filter((p) => p.pageNo > garbagePages)
      .flatMap((p) => p.rowids)
      .filter((q) => json.has(q));

    const { gaps, readings } = await reopen(dir);
    expect(readings.map((r) => r.seq)).toEqual(survive);
    for (const r of readings) expect(r.json).toBe(json.get(r.seq));
    expect(gaps[0]!.o).toMatchObject({ reason: 'spool_corrupt', dropped: BACKLOG - survive.length });
    expect(String(gaps[0]!.o.detail)).toContain('raw pages');
  });

  it('reports the exact loss of a file that is garbage from its first byte, from the count the clean stop left', async () => {
    const { dir, file } = await backlog();
    overwrite(file, 0, statSync(file).size, 3);
    const { gaps, readings } = await reopen(dir);
    expect(readings).toEqual([]);
    expect(gaps[0]!.o).toMatchObject({ reason: 'spool_corrupt', dropped: BACKLOG });
    expect(gaps[0]!.seq).toBeGreaterThan(BACKLOG);
  });

  it('reads pages of pure garbage that look like leaf pages without hanging or throwing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gb-salvage-'));
    dirs.push(dir);
    const file = path.join(dir, 'garbage.db');
    writeFileSync(file, Buffer.alloc(0));
    overwrite(file, 0, 512 * 4096, 11);
    const fd = openSync(file, 'r+');
    for (let p = 0; p < 512; p++) writeSync(fd, Buffer.from([0x0d]), 0, 1, p * 4096 + (p === 0 ? 100 : 0));
    closeSync(fd);
    const t0 = performance.now();
    const rows = scanLeafPages(file);
    expect(performance.now() - t0).toBeLessThan(5_000);
    // Whatever shaped itself like a row, none passes as a reading of its own seq.
    expect(rows.filter((r) => r.json.startsWith(`{"seq":${r.seq},`))).toEqual([]);
  });
});
