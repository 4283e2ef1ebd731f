// Group commit as the agent runs it: readings arrive by the wall clock (as device data piles up
// in the kernel while a commit blocks the event loop) and the spool schedules its own commits.
// Compares commit-as-soon-as-free (flushIntervalMs 0, the default) with a 200 ms timer (the
// default before issue #10, item 16): achieved rate, commits per second and how long a reading
// waits until it is on disk (sampled every 10 ms through committed()).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_SPOOL_OPTIONS, type ReadingDraft, SqliteSpool } from '@gongbang/edge-agent';
import { pino } from 'pino';
import { median } from './stats.js';

const logger = pino({ level: 'silent' });
const draft = (i: number): ReadingDraft => ({
  ts: 1_764_000_000_000 + i,
  timeSource: 'device',
  source: 'meter-1',
  kind: 'measurement',
  channel: 'power_w',
  value: 800 + (i % 500) / 10,
  unit: 'W',
});

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}

/** Feeds `ratePerS` readings for `seconds`; returns the achieved rate, commits/s and commit latency. */
async function feed(flushIntervalMs: number, ratePerS: number, seconds: number) {
  const dir = mkdtempSync(path.join(tmpdir(), 'gb-bench-commit-'));
  const spool = new SqliteSpool(
    { ...DEFAULT_SPOOL_OPTIONS, file: path.join(dir, 'spool.db'), flushIntervalMs },
    { logger },
  );
  await spool.start();
  let commits = 0;
  spool.onCommit(() => commits++);
  const latencies: number[] = [];
  const t0 = performance.now();
  let n = 0;
  let lastProbe = t0;
  await new Promise<void>((done) => {
    const step = () => {
      const now = performance.now();
      const due = Math.min(ratePerS * seconds, Math.floor(((now - t0) / 1000) * ratePerS));
      while (n < due) spool.append(draft(n++));
      if (now - lastProbe >= 10) {
        lastProbe = now;
        spool.committed().then(() => latencies.push(performance.now() - now));
      }
      if (n >= ratePerS * seconds) return done();
      setImmediate(step);
    };
    step();
  });
  // The spool's timer is unref'd (the agent's other handles keep it alive): the last group is
  // committed here, and the time counts.
  spool.flush();
  await spool.committed();
  const s = (performance.now() - t0) / 1000;
  await spool.stop();
  rmSync(dir, { recursive: true, force: true });
  return { readingsPerS: n / s, commitsPerS: commits / s, p50Ms: pct(latencies, 50), p99Ms: pct(latencies, 99) };
}

export async function run(log: (m: string) => void): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const runs = 3;
  for (const rate of [1_000, 20_000, 100_000]) {
    for (const interval of [0, 200]) {
      const rs = [];
      for (let r = 0; r < runs; r++) rs.push(await feed(interval, rate, 2));
      const m = {
        readingsPerS: Math.round(median(rs.map((x) => x.readingsPerS))),
        commitsPerS: Math.round(median(rs.map((x) => x.commitsPerS))),
        commitLatencyP50Ms: +median(rs.map((x) => x.p50Ms)).toFixed(2),
        commitLatencyP99Ms: +median(rs.map((x) => x.p99Ms)).toFixed(2),
      };
      log(`offered ${rate}/s, flushIntervalMs ${interval}: ${JSON.stringify(m)}`);
      out[`offered${rate}_interval${interval}`] = { ...m, runs, seconds: 2, synchronous: 'FULL' };
    }
  }
  return out;
}
