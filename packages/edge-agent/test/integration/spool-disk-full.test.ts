import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { cleanupAfterEach, waitFor } from '@gongbang/harness';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_FORWARDER_OPTIONS, Forwarder, HttpUplink } from '../../src/forwarder/index.js';
import { isDiskFull } from '../../src/spool/errors.js';
import { DEFAULT_SPOOL_OPTIONS, SqliteSpool } from '../../src/spool/index.js';
import { SEQ_RESERVE_BLOCK, SeqReservation } from '../../src/spool/seq-reserve.js';
import { measurement, silentLogger } from '../support/drafts.js';
import { TestReceiver } from '../support/receiver.js';
import { mountSmallFs } from '../support/small-fs.js';

const cleanups = cleanupAfterEach(afterEach);
const MiB = 1024 ** 2;

async function spoolOnSmallDisk(extra = {}) {
  const fs = mountSmallFs(8 * MiB);
  cleanups.push(() => fs.unmount());
  const spool = new SqliteSpool(
    { ...DEFAULT_SPOOL_OPTIONS, file: path.join(fs.dir, 'spool.db'), reserveBytes: MiB, ...extra },
    { logger: silentLogger() },
  );
  await spool.start();
  cleanups.push(() => spool.stop());
  return { fs, spool };
}

describe('SqliteSpool on a disk that fills up', () => {
  it('acknowledges, shrinks and writes again by itself once the collector is back, without space freed by hand', async () => {
    const { fs, spool } = await spoolOnSmallDisk();
    expect(statSync(path.join(fs.dir, 'spool.db.reserve')).size).toBe(MiB);
    const seqs: number[] = [];
    for (let i = 0; i < 8_000; i++) seqs.push(spool.append(measurement(i)));
    spool.flush();
    spool.compact(); // the hourly job: the WAL is truncated, so every later write needs new space
    expect(fs.fill()).toBeGreaterThan(0);
    let i = 8_000;
    while (spool.stats().problem?.code !== 'disk_full') {
      for (let k = 0; k < 100; k++) seqs.push(spool.append(measurement(i++)));
      spool.flush();
      if (i > 60_000) throw new Error('the disk never filled up');
    }
    const buffered = spool.stats().depth;

    const receiver = new TestReceiver({ token: 'tok' });
    await receiver.start();
    cleanups.push(() => receiver.stop());
    const uplink = new HttpUplink({
      url: receiver.url,
      agentId: 'a',
      token: 'tok',
      gzip: true,
      requestTimeoutMs: 5_000,
    });
    const forwarder = new Forwarder(
      spool,
      uplink,
      { ...DEFAULT_FORWARDER_OPTIONS, batchMaxReadings: 1_000, backoff: { initialMs: 20, maxMs: 200, multiplier: 2 } },
      { logger: silentLogger() },
    );
    forwarder.start();
    cleanups.push(() => forwarder.stop());
    await waitFor(
      'every reading delivered and the spool writing again',
      () => seqs.every((s) => receiver.stored.has(s)) && spool.stats().problem === null && spool.stats().depth === 0,
    );
    // Nothing was sent twice over and over, nothing was dropped, and the filler is still there.
    expect(receiver.storedCount).toBe(seqs.length);
    expect(buffered).toBeGreaterThan(0);
    expect(spool.stats().dropped.disk_full ?? 0).toBe(0);
    expect(existsSync(path.join(fs.dir, 'filler'))).toBe(true);
    // New readings commit into the space the delivered ones left.
    const more = spool.append(measurement(i));
    spool.flush();
    expect(spool.stats().problem).toBeNull();
    await waitFor('a reading after the recovery', () => receiver.stored.has(more));
  });

  it('recognises the error a full disk gives while renewing the sequence file (errno -28, code ENOSPC)', () => {
    const fs = mountSmallFs(MiB);
    cleanups.push(() => fs.unmount());
    fs.fill();
    let err: unknown;
    try {
      new SeqReservation(path.join(fs.dir, 'spool.db.seq')).ensure(1);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'ENOSPC', errno: -28 });
    expect(isDiskFull(err)).toBe(true);
  });

  it('reports a full disk while renewing the sequence file as disk_full, and keeps the readings', async () => {
    const { fs, spool } = await spoolOnSmallDisk({ reserveBytes: 0, maxBufferReadings: 2 * SEQ_RESERVE_BLOCK });
    spool.append(measurement(0));
    spool.flush();
    fs.fill();
    // Cross the reserved block, so the commit must renew spool.db.seq first.
    for (let i = 1; i <= SEQ_RESERVE_BLOCK; i++) spool.append(measurement(i));
    spool.flush();
    expect(spool.stats().problem).toMatchObject({ code: 'disk_full' });
    expect(spool.stats().depth).toBe(SEQ_RESERVE_BLOCK + 1);
  });
});
