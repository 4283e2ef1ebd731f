import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cleanupAfterEach, waitFor } from '@gongbang/harness';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_FORWARDER_OPTIONS, Forwarder, type ForwarderOptions, HttpUplink } from '../../src/forwarder/index.js';
import { DEFAULT_SPOOL_OPTIONS, MemorySpool, type Spool, SqliteSpool } from '../../src/spool/index.js';
import { measurement, silentLogger } from '../support/drafts.js';
import { TestReceiver } from '../support/receiver.js';

const cleanups = cleanupAfterEach(afterEach);

async function setup(
  opts: {
    forwarder?: Partial<ForwarderOptions>;
    receiver?: ConstructorParameters<typeof TestReceiver>[0];
    memory?: boolean;
  } = {},
) {
  const receiver = new TestReceiver({ token: 'secret', ...opts.receiver });
  await receiver.start();
  cleanups.push(() => receiver.stop());
  let spool: Spool;
  if (opts.memory) spool = new MemorySpool();
  else {
    const dir = mkdtempSync(path.join(tmpdir(), 'gb-fwd-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    spool = new SqliteSpool(
      { ...DEFAULT_SPOOL_OPTIONS, file: path.join(dir, 'spool.db'), flushIntervalMs: 20 },
      { logger: silentLogger() },
    );
  }
  await spool.start();
  cleanups.push(() => spool.stop());
  const uplink = new HttpUplink({
    url: receiver.url,
    agentId: 'shop-1',
    token: 'secret',
    gzip: true,
    requestTimeoutMs: 5_000,
  });
  const forwarder = new Forwarder(
    spool,
    uplink,
    {
      ...DEFAULT_FORWARDER_OPTIONS,
      backoff: { initialMs: 50, maxMs: 400, multiplier: 2 },
      probeIntervalMs: 100,
      idlePollMs: 100,
      ...opts.forwarder,
    },
    { logger: silentLogger() },
  );
  const append = (n: number, from = 0) => {
    const seqs: number[] = [];
    for (let i = from; i < from + n; i++) seqs.push(spool.append(measurement(i)));
    spool.flush();
    return seqs;
  };
  return {
    receiver,
    spool,
    forwarder,
    append,
    go: () => {
      forwarder.start();
      cleanups.push(() => forwarder.stop());
    },
  };
}

const drained = (spool: Spool) => () => spool.stats().depth === 0;

describe('Forwarder against a real HTTP receiver', () => {
  it('delivers every reading once, gzip and bearer token, and deletes them only after the ack', async () => {
    const t = await setup({ forwarder: { batchMaxReadings: 300 } });
    const seqs = t.append(1_000);
    t.go();
    await waitFor('the spool to drain', drained(t.spool));
    expect([...t.receiver.stored.keys()].sort((a, b) => a - b)).toEqual(seqs);
    expect(t.receiver.conflicts).toEqual([]);
    expect(t.forwarder.status()).toMatchObject({ delivered: 1_000, deadLettered: 0 });
    expect(t.forwarder.status().lastSuccessAt).not.toBeNull();
  });

  it('keeps spooled batches when the collector answers 500, and delivers them when it recovers', async () => {
    const t = await setup();
    t.receiver.mode = { kind: 'error', status: 500 };
    t.append(50);
    t.go();
    await waitFor('a few failed attempts', () => t.receiver.answers.filter((s) => s === 500).length >= 3);
    expect(t.spool.stats().depth).toBe(50);
    expect(t.forwarder.status()).toMatchObject({ state: 'backoff', lastError: { code: 'internal', status: 500 } });
    t.receiver.mode = { kind: 'ok' };
    await waitFor('the spool to drain', drained(t.spool), { timeoutMs: 10_000 });
    expect(t.receiver.stored.size).toBe(50);
  });

  it('honours Retry-After on 503', async () => {
    const t = await setup();
    t.receiver.mode = { kind: 'unavailable', retryAfterS: 2 };
    t.append(5);
    t.go();
    await waitFor('a 503', () => t.forwarder.status().lastError?.status === 503);
    const s = t.forwarder.status();
    expect(s.nextRetryAt! - s.lastError!.at).toBeGreaterThanOrEqual(2_000);
    t.receiver.mode = { kind: 'ok' };
    await waitFor('the spool to drain', drained(t.spool));
  });

  it('splits a batch the collector finds too large (413) until it fits', async () => {
    const t = await setup({ receiver: { maxReadings: 70 }, forwarder: { batchMaxReadings: 1_000 } });
    const seqs = t.append(1_000);
    t.go();
    await waitFor('the spool to drain', drained(t.spool));
    expect(t.receiver.answers).toContain(413);
    expect([...t.receiver.stored.keys()].sort((a, b) => a - b)).toEqual(seqs);
    expect(t.spool.stats().deadLetters).toBe(0);
  });

  it('parks the one poisoned reading of a 400 batch as a dead letter and delivers the rest', async () => {
    const t = await setup({ forwarder: { batchMaxReadings: 500 } });
    const seqs = t.append(1_000);
    t.receiver.poisoned.add(seqs[321]!);
    t.go();
    await waitFor('the spool to drain', drained(t.spool));
    expect(t.receiver.stored.size).toBe(999);
    expect(t.spool.deadLetters()).toEqual([expect.objectContaining({ seq: seqs[321], code: 'invalid_batch' })]);
    expect(t.forwarder.status().deadLettered).toBe(1);
  });

  it('retries at once when the collector is back after a long outage, not only when the backoff ends', async () => {
    const t = await setup({ forwarder: { backoff: { initialMs: 120_000, maxMs: 600_000, multiplier: 2 } } });
    await t.receiver.stop();
    t.append(20);
    t.go();
    await waitFor('a network failure', () => t.forwarder.status().lastError?.code === 'network');
    expect(t.forwarder.status().nextRetryAt! - Date.now()).toBeGreaterThan(30_000);
    await t.receiver.start();
    await waitFor('the spool to drain', drained(t.spool), { timeoutMs: 20_000 });
    expect(t.receiver.stored.size).toBe(20);
  });

  it('sends fresh readings while a large backlog drains', async () => {
    const t = await setup({ memory: true, forwarder: { batchMaxReadings: 1_000, liveShare: 0.1 } });
    t.append(100_000);
    t.go();
    await waitFor('the drain to start', () => t.receiver.stored.size > 0);
    const [fresh] = t.append(1, 999_999);
    await waitFor('the fresh reading', () => t.receiver.stored.has(fresh!));
    expect(t.spool.stats().depth).toBeGreaterThan(50_000);
  });

  it('estimates the clock offset to the collector and flags a skewed agent clock', async () => {
    const t = await setup({ forwarder: { clockOffsetWarnMs: 5_000 } });
    t.receiver.clockSkewMs = -60_000;
    t.append(3);
    t.go();
    await waitFor('the spool to drain', drained(t.spool));
    const s = t.forwarder.status();
    expect(s.clockOffsetMs).toBeGreaterThan(55_000);
    expect(s.clockSkewed).toBe(true);
  });
});
