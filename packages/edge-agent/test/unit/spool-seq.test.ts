import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resendDeadLettersInFile } from '../../src/spool/dead-letter-file.js';
import { DEFAULT_SPOOL_OPTIONS, SqliteSpool } from '../../src/spool/index.js';
import { measurement, silentLogger } from '../support/drafts.js';

const dirs: string[] = [];
const open: SqliteSpool[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'gb-seq-'));
  dirs.push(d);
  return d;
}

async function started(dir: string): Promise<SqliteSpool> {
  const s = new SqliteSpool(
    { ...DEFAULT_SPOOL_OPTIONS, file: path.join(dir, 'spool.db'), reserveBytes: 0 },
    { logger: silentLogger() },
  );
  await s.start();
  open.push(s);
  return s;
}

async function stopped(s: SqliteSpool): Promise<void> {
  open.splice(open.indexOf(s), 1);
  await s.stop();
}

function appendCommitted(s: SqliteSpool, n: number): number[] {
  const seqs = Array.from({ length: n }, (_, i) => s.append(measurement(i)));
  s.flush();
  return seqs;
}

const all = (s: SqliteSpool) =>
  s.takeOldest({ maxReadings: 100_000, maxBytes: 1e12 }).map((r) => JSON.parse(r.json) as Record<string, unknown>);

describe('SqliteSpool never reuses a seq, whatever source of it survived', () => {
  it('continues above the sidecar and reports the loss when the WAL file is lost after a crash', async () => {
    const a = tmp();
    const first = await started(a);
    const old = appendCommitted(first, 1_000);
    await stopped(first); // clean: checkpointed into spool.db
    const second = await started(a);
    const delivered = appendCommitted(second, 400); // only in spool.db-wal so far
    expect(existsSync(path.join(a, 'spool.db-wal'))).toBe(true);
    // The crash, and the WAL lost with it: what is left on disk is spool.db and its sidecar.
    const b = tmp();
    copyFileSync(path.join(a, 'spool.db'), path.join(b, 'spool.db'));
    copyFileSync(path.join(a, 'spool.db.seq'), path.join(b, 'spool.db.seq'));

    const third = await started(b);
    const fresh = appendCommitted(third, 400);
    expect(Math.min(...fresh)).toBeGreaterThan(Math.max(...delivered));
    expect(third.stats().problem?.code).toBe('spool_wal_lost');
    const rows = all(third);
    const gap = rows.find((r) => r.kind === 'gap');
    expect(gap).toMatchObject({ reason: 'spool_corrupt', fromSeq: old[old.length - 1]! + 1 });
    expect(gap!.toSeq as number).toBeGreaterThanOrEqual(Math.max(...delivered));
    expect(String(gap!.detail)).toContain('wal_lost');
    // The readings that were checkpointed survive.
    expect(rows.filter((r) => r.kind === 'measurement').length).toBe(1_000 + 400);
  });

  it('continues above the last clean stop when an older copy of the spool file is restored', async () => {
    const a = tmp();
    const first = await started(a);
    appendCommitted(first, 300);
    await stopped(first);
    copyFileSync(path.join(a, 'spool.db'), path.join(a, 'backup.db'));
    const second = await started(a);
    const later = appendCommitted(second, 400);
    second.ack(later.slice(0, 200)); // delivered
    await stopped(second);
    copyFileSync(path.join(a, 'backup.db'), path.join(a, 'spool.db'));

    const third = await started(a);
    const fresh = appendCommitted(third, 400);
    expect(Math.min(...fresh)).toBe(Math.max(...later) + 2); // the gap reading took the first one
    expect(third.stats().problem?.code).toBe('spool_older_file');
    expect(all(third).find((r) => r.kind === 'gap')).toMatchObject({
      reason: 'spool_corrupt',
      fromSeq: 301,
      toSeq: Math.max(...later),
    });
  });

  it('continues exactly after a clean stop and above the reservation after a crash, reporting nothing', async () => {
    const a = tmp();
    const first = await started(a);
    const seqs = appendCommitted(first, 10);
    await stopped(first);
    const second = await started(a);
    expect(second.append(measurement(1))).toBe(seqs[9]! + 1);
    second.flush();
    // A crash: the files are copied while the spool is open (WAL and all).
    const b = tmp();
    for (const f of ['spool.db', 'spool.db-wal', 'spool.db.seq']) copyFileSync(path.join(a, f), path.join(b, f));
    const third = await started(b);
    expect(third.append(measurement(2))).toBeGreaterThan(seqs[9]! + 1);
    expect(third.stats().problem).toBeNull();
    third.flush();
    expect(all(third).some((r) => r.kind === 'gap')).toBe(false);
  });

  it('does not take the WAL that resending dead letters checkpointed after a crash for a lost one', async () => {
    const a = tmp();
    const first = await started(a);
    const seqs = appendCommitted(first, 10);
    first.deadLetter([seqs[0]!], 'not_found', 'no such workshop');
    const b = tmp(); // the crash: the files as they are on disk, WAL and all
    for (const f of ['spool.db', 'spool.db-wal', 'spool.db.seq']) copyFileSync(path.join(a, f), path.join(b, f));
    expect(resendDeadLettersInFile(path.join(b, 'spool.db'), {})).toBe(1);

    const second = await started(b);
    expect(second.stats().problem).toBeNull();
    expect(second.append(measurement(1))).toBeGreaterThan(seqs[9]!);
    second.flush();
    expect(all(second).filter((r) => r.kind === 'measurement')).toHaveLength(11);
  });
});
