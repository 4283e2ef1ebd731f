// Spool and forwarder throughput: durable appends at synchronous FULL and NORMAL (group
// commit), and the drain of a 1,000,000-reading backlog to a local receiver compared with
// what that receiver takes when fed pre-built batches directly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';
import {
  DEFAULT_FORWARDER_OPTIONS,
  DEFAULT_SPOOL_OPTIONS,
  Forwarder,
  HttpUplink,
  type ReadingDraft,
  SqliteSpool,
} from '@gongbang/edge-agent';
import { pino } from 'pino';
import { startReceiverProcess } from '../packages/edge-agent/test/support/receiver-process.js';
import { median } from './stats.js';

const gzip = promisify(gzipCb);
const logger = pino({ level: 'silent' });
const T0 = 1_764_000_000_000;
const draft = (i: number): ReadingDraft => ({
  ts: T0 + i,
  timeSource: 'device',
  source: 'meter-1',
  kind: 'measurement',
  channel: 'power_w',
  value: 800 + (i % 500) / 10,
  unit: 'W',
});

function tempSpool(synchronous: 'FULL' | 'NORMAL', extra = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'gb-bench-'));
  const spool = new SqliteSpool(
    { ...DEFAULT_SPOOL_OPTIONS, file: path.join(dir, 'spool.db'), synchronous, ...extra },
    { logger },
  );
  return { spool, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Appends `n` readings, committing every `commitEvery` (a group commit), and returns readings/s. */
async function appendRate(synchronous: 'FULL' | 'NORMAL', n: number, commitEvery: number): Promise<number> {
  const { spool, remove } = tempSpool(synchronous);
  await spool.start();
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    spool.append(draft(i));
    if ((i + 1) % commitEvery === 0) spool.flush();
  }
  spool.flush();
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  await spool.stop();
  remove();
  return n / s;
}

export async function run(log: (m: string) => void): Promise<Record<string, unknown>> {
  const N = 200_000;
  const runs = 5;
  const append: Record<string, unknown> = {};
  for (const commitEvery of [1_000, 100]) {
    const full: number[] = [];
    const normal: number[] = [];
    for (let r = 0; r < runs; r++) {
      full.push(await appendRate('FULL', N, commitEvery));
      normal.push(await appendRate('NORMAL', N, commitEvery));
    }
    const f = median(full);
    const nn = median(normal);
    log(`append, commit every ${commitEvery}: FULL ${Math.round(f)}/s, NORMAL ${Math.round(nn)}/s`);
    append[`commitEvery${commitEvery}`] = {
      fullReadingsPerS: Math.round(f),
      normalReadingsPerS: Math.round(nn),
      normalOverFull: +(nn / f).toFixed(2),
      runs,
      readingsPerRun: N,
    };
  }

  // Drain: 1,000,000 readings already in the spool, the receiver in its own process.
  const BACKLOG = 1_000_000;
  const receiver = await startReceiverProcess();
  try {
    const { spool, remove } = tempSpool('FULL', { flushMaxReadings: 1e9 });
    await spool.start();
    for (let i = 0; i < BACKLOG; i++) {
      spool.append(draft(i));
      if ((i + 1) % 10_000 === 0) spool.flush();
    }
    spool.flush();
    log(`backlog of ${BACKLOG} readings spooled`);
    const uplink = new HttpUplink({
      url: receiver.url,
      agentId: 'bench',
      token: 'x',
      gzip: true,
      requestTimeoutMs: 60_000,
    });
    const forwarder = new Forwarder(spool, uplink, DEFAULT_FORWARDER_OPTIONS, { logger });
    const t = process.hrtime.bigint();
    forwarder.start();
    while (spool.stats().depth > 0) await new Promise((r) => setTimeout(r, 50));
    const drainS = Number(process.hrtime.bigint() - t) / 1e9;
    await forwarder.stop();
    await spool.stop();
    remove();
    const drainRate = BACKLOG / drainS;
    log(`drain: ${Math.round(drainRate)}/s (${drainS.toFixed(1)} s)`);

    // Baseline: the same receiver fed pre-built gzip batches of 5,000 readings, one at a time.
    const rawRates: number[] = [];
    for (let r = 0; r < 3; r++) {
      const bodies: Buffer[] = [];
      for (let b = 0; b < 40; b++) {
        const readings = Array.from({ length: 5_000 }, (_, i) => ({ seq: b * 5_000 + i + 1, ...draft(i) }));
        const json = JSON.stringify({
          v: 1,
          agentId: 'bench',
          batchId: `b${b}`,
          firstSeq: b * 5_000 + 1,
          lastSeq: (b + 1) * 5_000,
          sentAt: Date.now(),
          readings,
        });
        bodies.push(await gzip(json, { level: 3 }));
      }
      const t1 = process.hrtime.bigint();
      for (const body of bodies) {
        const res = await fetch(`${receiver.url}/api/v1/ingest`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
          body,
        });
        await res.arrayBuffer();
      }
      rawRates.push((40 * 5_000) / (Number(process.hrtime.bigint() - t1) / 1e9));
    }
    const raw = median(rawRates);
    log(`receiver alone: ${Math.round(raw)}/s`);
    return {
      append: { ...append, targetReadingsPerS: 50_000 },
      drain: {
        backlogReadings: BACKLOG,
        readingsPerS: Math.round(drainRate),
        seconds: +drainS.toFixed(1),
        receiverAloneReadingsPerS: Math.round(raw),
        drainOverReceiverAlone: +(drainRate / raw).toFixed(2),
        batchMaxReadings: DEFAULT_FORWARDER_OPTIONS.batchMaxReadings,
        targetReadingsPerS: 20_000,
      },
    };
  } finally {
    await receiver.stop();
  }
}
