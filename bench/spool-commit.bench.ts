// Group commit as the agent runs it: readings arrive by the wall clock (as device data piles up
// in the kernel while a commit blocks the event loop) and the spool schedules its own commits.
// Compares commit-as-soon-as-free (`commitGapMs: 0`, the default before issue #11) with the
// pacer's gaps (`commitGapMs` 5, 20 — the default — and 50) and the former 200 ms timer
// (`flushIntervalMs: 200`): achieved rate, commits per second and how long a reading waits
// until it is on disk (from its append until committed() resolves; at most one reading sampled
// every 10 ms, so every reading at 1 and 100/s).
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

/** How the spool schedules its commits in one variant. */
interface Variant {
  flushIntervalMs: number;
  commitGapMs: number;
}

/** Feeds `ratePerS` readings for `seconds`; returns the achieved rate, commits/s and commit latency. */
async function feed(v: Variant, ratePerS: number, seconds: number) {
  const dir = mkdtempSync(path.join(tmpdir(), 'gb-bench-commit-'));
  const spool = new SqliteSpool({ ...DEFAULT_SPOOL_OPTIONS, file: path.join(dir, 'spool.db'), ...v }, { logger });
  await spool.start();
  let commits = 0;
  spool.onCommit(() => commits++);
  const latencies: number[] = [];
  const t0 = performance.now();
  let n = 0;
  let lastProbe = Number.NEGATIVE_INFINITY;
  const total = Math.max(1, Math.round(ratePerS * seconds));
  await new Promise<void>((done) => {
    const step = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - t0) / 1000) * ratePerS));
      if (n < due) {
        while (n < due) spool.append(draft(n++));
        if (now - lastProbe >= 10) {
          lastProbe = now;
          spool.committed().then(() => latencies.push(performance.now() - now));
        }
      }
      if (n >= total) return done();
      // At low rates the loop sleeps until the next reading is due instead of spinning.
      const nextAt = t0 + ((n + 1) / ratePerS) * 1000;
      if (nextAt - performance.now() > 2) setTimeout(step, nextAt - performance.now() - 1);
      else setImmediate(step);
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

const VARIANTS: Array<[string, Variant]> = [
  ['commitGapMs0', { flushIntervalMs: 0, commitGapMs: 0 }],
  ['commitGapMs5', { flushIntervalMs: 0, commitGapMs: 5 }],
  ['commitGapMs20', { flushIntervalMs: 0, commitGapMs: 20 }],
  ['commitGapMs50', { flushIntervalMs: 0, commitGapMs: 50 }],
  ['flushIntervalMs200', { flushIntervalMs: 200, commitGapMs: 0 }],
];

export async function run(log: (m: string) => void): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { defaultCommitGapMs: DEFAULT_SPOOL_OPTIONS.commitGapMs };
  const runs = 3;
  for (const rate of [1, 100, 1_000, 10_000]) {
    // At 1/s a run of 2 s would hold two readings.
    const seconds = rate < 10 ? 8 : 2;
    for (const [name, v] of VARIANTS) {
      const rs = [];
      for (let r = 0; r < runs; r++) rs.push(await feed(v, rate, seconds));
      const m = {
        readingsPerS: +median(rs.map((x) => x.readingsPerS)).toFixed(rate < 10 ? 2 : 0),
        commitsPerS: +median(rs.map((x) => x.commitsPerS)).toFixed(1),
        commitLatencyP50Ms: +median(rs.map((x) => x.p50Ms)).toFixed(2),
        commitLatencyP99Ms: +median(rs.map((x) => x.p99Ms)).toFixed(2),
      };
      log(`offered ${rate}/s, ${name}: ${JSON.stringify(m)}`);
      out[`offered${rate}_${name}`] = { ...v, ...m, runs, seconds, synchronous: 'FULL' };
    }
  }
  return out;
}
