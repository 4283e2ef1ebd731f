import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { buildProgramme, type Programme, type SimWorkshop } from '../model/programme.js';
import { type DayAccounting, type ManualEntry, simulateWorkshop } from '../model/workshop.js';
import { computeTruth } from '../truth.js';
import { SimAgent } from './agent.js';
import { CollectorClient } from './client.js';
import { ensureAgentToken, ensureManualEntries, ensureWorkshop } from './registry.js';

export { CollectorClient, CollectorError } from './client.js';

/** Options of {@link backfill} (and of `gongbang-sim backfill`). */
export interface BackfillOptions {
  workshops: number;
  months: number;
  /** Instead of `months`: this many days up to `toDay`. */
  days?: number;
  seed: number;
  /** Collector base URL, e.g. `http://127.0.0.1:8080`. */
  collector: string;
  /** An admin API token (`gbu_…`). */
  token: string;
  /** Spools, agent tokens and truth.json go here. Default `./sim-data`. */
  dataDir?: string;
  /** Last simulated KST day; default yesterday. Fix it to rerun the same programme on another day. */
  toDay?: string;
  /** Workshops simulated and sent at once. Default 4. */
  concurrency?: number;
  /** Keep at most this many readings waiting in a workshop's spool before generating more. Default 40,000. */
  maxSpoolDepth?: number;
  /** Keep each observed day's accounting in the result (tests compare it with the collector). Default false. */
  keepAccounting?: boolean;
  logger?: Logger;
  signal?: AbortSignal;
}

export interface BackfillProgress {
  phase: 'registry' | 'sending' | 'draining' | 'done';
  workshopsDone: number;
  workshopsTotal: number;
  readingsGenerated: number;
  readingsDelivered: number;
  readingsPerS: number;
  /** Seconds left, estimated from the days simulated so far; null until known. */
  etaS: number | null;
}

export interface BackfillResult {
  programme: Programme;
  truthFile: string;
  readingsGenerated: number;
  readingsDelivered: number;
  manualEntries: number;
  deadLetters: number;
  elapsedS: number;
  readingsPerS: number;
  /** Per workshop id, per KST day (only with `keepAccounting`). */
  accounting: Map<string, Map<string, DayAccounting>>;
}

/**
 * Builds the programme for a seed, creates it in the collector through its API, sends every
 * workshop's readings through a real agent spool and forwarder, imports the stage-0 paper
 * logs, and writes truth.json into the data dir. Rerunning with the same seed, months and
 * `toDay` into the same collector and data dir creates and sends nothing new.
 */
export async function backfill(
  options: BackfillOptions,
  onProgress: (p: BackfillProgress) => void = () => {},
): Promise<BackfillResult> {
  const started = performance.now();
  const dataDir = path.resolve(options.dataDir ?? './sim-data');
  const logger = options.logger ?? pino({ level: 'silent' });
  const programme = buildProgramme(options);
  const api = new CollectorClient(options.collector, options.token);
  await mkdir(dataDir, { recursive: true });
  const truthFile = path.join(dataDir, 'truth.json');
  await writeFile(truthFile, `${JSON.stringify(computeTruth(programme), null, 2)}\n`);

  const totalDays = programme.workshops.length * daysIn(programme);
  const agents: SimAgent[] = [];
  const state = {
    done: 0,
    generated: 0,
    days: 0,
    manual: 0,
    dead: 0,
    deliveredBefore: 0,
    phase: 'registry' as BackfillProgress['phase'],
  };
  const accounting = new Map<string, Map<string, DayAccounting>>();
  const delivered = () => state.deliveredBefore + agents.reduce((s, a) => s + a.delivered(), 0);
  const report = () => {
    const el = (performance.now() - started) / 1000;
    const d = delivered();
    onProgress({
      phase: state.phase,
      workshopsDone: state.done,
      workshopsTotal: programme.workshops.length,
      readingsGenerated: state.generated,
      readingsDelivered: d,
      readingsPerS: el > 0 ? d / el : 0,
      etaS: state.days > 0 ? (el * (totalDays - state.days)) / state.days : null,
    });
  };
  const timer = setInterval(report, 250);
  try {
    const queue = [...programme.workshops];
    const worker = async () => {
      for (let w = queue.shift(); w; w = queue.shift()) {
        await runWorkshop(w);
        state.done++;
      }
    };
    const runWorkshop = async (w: SimWorkshop) => {
      const dir = path.join(dataDir, w.id);
      await mkdir(dir, { recursive: true });
      await ensureWorkshop(api, w);
      const token = await ensureAgentToken(api, w, dir);
      const agent = new SimAgent({ dir, collectorUrl: options.collector, agentId: w.agentId, token, logger });
      await agent.start();
      agents.push(agent);
      state.phase = 'sending';
      try {
        const skipTo = agent.lastDay();
        const paper: ManualEntry[] = [];
        let paperSent = false;
        const kept = new Map<string, DayAccounting>();
        for (const day of simulateWorkshop(w, programme.fromDay, programme.toDay)) {
          if (options.signal?.aborted) throw new Error('aborted');
          state.days++;
          if (day.manual) paper.push(day.manual);
          if (day.accounting && options.keepAccounting) kept.set(day.day, day.accounting);
          if (!day.accounting) continue;
          if (!paperSent) {
            state.manual += await ensureManualEntries(api, w, paper);
            paperSent = true;
          }
          if (skipTo !== null && day.day <= skipTo) continue;
          agent.appendDay(day.day, day.readings);
          state.generated += day.readings.length;
          if (agent.depth() > (options.maxSpoolDepth ?? 40_000)) await agent.drainTo(10_000, options.signal);
          // The days are simulated synchronously: without a turn of the event loop after each,
          // one workshop simulated weeks while every forwarder's answer waited.
          else await new Promise<void>((r) => setImmediate(r));
        }
        if (!paperSent) state.manual += await ensureManualEntries(api, w, paper);
        if (options.keepAccounting) accounting.set(w.id, kept);
        await agent.drainTo(0, options.signal);
      } finally {
        state.dead += agent.deadLetters();
        state.deliveredBefore += agent.delivered();
        agents.splice(agents.indexOf(agent), 1);
        await agent.stop();
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
    state.phase = 'done';
    report();
  } finally {
    clearInterval(timer);
    await Promise.all(agents.map((a) => a.stop()));
  }
  const elapsedS = (performance.now() - started) / 1000;
  const d = delivered();
  return {
    programme,
    truthFile,
    readingsGenerated: state.generated,
    readingsDelivered: d,
    manualEntries: state.manual,
    deadLetters: state.dead,
    elapsedS,
    readingsPerS: d / elapsedS,
    accounting,
  };
}

function daysIn(p: Programme): number {
  return Math.round((Date.parse(`${p.toDay}T00:00:00Z`) - Date.parse(`${p.fromDay}T00:00:00Z`)) / 86_400_000) + 1;
}
