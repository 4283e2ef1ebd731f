import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Bilingual } from '@gongbang/shared';
import type { Logger } from 'pino';
import { type AgentConfig, collectorTokenSource } from './config/index.js';
import { DEFAULT_FORWARDER_OPTIONS, Forwarder, HttpUplink, type Uplink } from './forwarder/index.js';
import { createInputs, INPUT_FACTORIES, type Input, type InputFactories, type ReadingDraft } from './inputs/index.js';
import type { ResumableInputContext } from './inputs/simulated/index.js';
import { healthDraft, JobScheduler } from './jobs/index.js';
import { SqliteSpool } from './spool/index.js';
import type { AgentStatus } from './status/model.js';
import { tokenStatus } from './status/offline.js';
import { StatusServer } from './status/status-server.js';
import { AGENT_VERSION } from './version.js';

/** What the composition root takes besides the config. */
export interface AgentDeps {
  logger: Logger;
  now?: () => number;
  /** Replaces the HTTP uplink (tests). */
  uplink?: Uplink;
  /** The input factories by `type` (default INPUT_FACTORIES); tests pass their own map. */
  inputFactories?: InputFactories;
  /** What the running remote config replaces of agent.yaml, for the status page and `status`. */
  remoteConfigText?: () => Bilingual | null;
}

/** Called after each heartbeat's health reading is spooled (e.g. to pull remote config). */
export type HeartbeatHook = (status: AgentStatus) => void | Promise<void>;

/**
 * The composition root: inputs → spool → forwarder, plus the scheduled jobs and the local
 * status page. The constructor only wires; `start()` opens in dependency order and `stop()`
 * closes in reverse (inputs first, so every reading handed over is committed).
 */
export class Agent {
  readonly spool: SqliteSpool;
  private readonly forwarder: Forwarder | undefined;
  private readonly jobs: JobScheduler;
  private readonly statusServer: StatusServer | undefined;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly hooks: HeartbeatHook[] = [];
  private inputs: Input[] = [];
  private config: Readonly<AgentConfig>;
  private startedAt: number | null = null;
  private readonly stateFile: string;
  private readonly inputFactories: InputFactories;
  private readonly remoteConfigText: (() => Bilingual | null) | undefined;

  constructor(config: Readonly<AgentConfig>, deps: AgentDeps) {
    this.config = config;
    this.log = deps.logger;
    this.now = deps.now ?? Date.now;
    this.inputFactories = deps.inputFactories ?? INPUT_FACTORIES;
    this.remoteConfigText = deps.remoteConfigText;
    this.spool = new SqliteSpool(
      { ...config.spool, file: config.spool.file ?? path.join(config.agent.dataDir, 'spool.db') },
      deps,
    );
    const c = config.collector;
    const uplink =
      deps.uplink ??
      (c
        ? new HttpUplink({
            url: c.url,
            agentId: config.agent.id,
            token: collectorTokenSource(config),
            gzip: config.forwarder.gzip,
            requestTimeoutMs: config.forwarder.requestTimeoutMs,
          })
        : undefined);
    if (uplink)
      this.forwarder = new Forwarder(this.spool, uplink, { ...DEFAULT_FORWARDER_OPTIONS, ...config.forwarder }, deps);
    const j = config.jobs;
    this.jobs = new JobScheduler(
      [
        { name: 'heartbeat', cron: j.heartbeat, run: () => this.heartbeat() },
        { name: 'compaction', cron: j.compaction, run: () => this.spool.compact() },
        { name: 'daily-summary', cron: j.dailySummary, run: () => this.dailySummary() },
      ],
      j.timezone,
      this.log,
    );
    if (config.statusPage.enabled)
      this.statusServer = new StatusServer(config.statusPage, () => this.status(), this.log);
    this.stateFile = path.join(config.agent.dataDir, 'agent-status.json');
  }

  async start(): Promise<void> {
    mkdirSync(this.config.agent.dataDir, { recursive: true });
    await this.spool.start();
    this.startedAt = this.now();
    this.forwarder?.start();
    this.inputs = await this.startInputs(this.config);
    this.jobs.start();
    const url = await this.startStatusPage();
    writeFileSync(
      this.stateFile,
      JSON.stringify({ pid: process.pid, statusUrl: url ?? null, startedAt: this.startedAt }),
    );
    await this.heartbeat();
    this.log.info(
      { inputs: this.inputs.map((i) => i.id), statusUrl: url, nextSeq: this.spool.stats().nextSeq },
      'agent started / 에이전트 시작',
    );
  }

  /** The status page is a convenience: a busy port is logged, and the agent runs on without it. */
  private async startStatusPage(): Promise<string | undefined> {
    try {
      return await this.statusServer?.start();
    } catch (err) {
      this.log.error(
        { err },
        'status page could not start; the agent runs without it / 상태 페이지를 시작할 수 없습니다',
      );
      return undefined;
    }
  }

  /** Stops inputs, commits everything they handed over, lets the batch in flight finish, closes. */
  async stop(): Promise<void> {
    await this.stopInputs(this.inputs);
    this.inputs = [];
    this.spool.flush();
    await this.jobs.stop();
    await this.forwarder?.stop();
    await this.statusServer?.stop();
    await this.spool.stop();
    rmSync(this.stateFile, { force: true });
    this.log.info('agent stopped / 에이전트 정지');
  }

  /**
   * Swaps the inputs for those of `next` without touching the spool or the forwarder (no reading
   * is lost). If the new inputs fail to start, the old ones are started again and the error is
   * thrown. Only `inputs` apply live; other sections need a restart.
   */
  async reconfigure(next: Readonly<AgentConfig>): Promise<void> {
    const previous = this.config;
    await this.stopInputs(this.inputs);
    this.inputs = [];
    this.spool.flush();
    try {
      this.inputs = await this.startInputs(next);
      this.config = { ...previous, inputs: next.inputs };
      this.log.info({ inputs: this.inputs.map((i) => i.id) }, 'inputs reconfigured / 입력 설정 변경됨');
    } catch (err) {
      this.log.error(
        { err },
        'new inputs failed to start; the previous ones run again / 새 입력 시작 실패, 이전 설정 유지',
      );
      this.inputs = await this.startInputs(previous);
      throw err;
    }
  }

  /** Registers a hook run after each heartbeat (remote config is pulled with the heartbeat). */
  onHeartbeat(hook: HeartbeatHook): void {
    this.hooks.push(hook);
  }

  /** Spools a health reading now and runs the heartbeat hooks. */
  async heartbeat(): Promise<void> {
    const s = this.status();
    this.sink(healthDraft(s, this.now()));
    for (const h of this.hooks) {
      try {
        await h(s);
      } catch (err) {
        this.log.error({ err }, 'heartbeat hook failed');
      }
    }
  }

  status(): AgentStatus {
    const now = this.now();
    const sp = this.spool.stats();
    return {
      agentId: this.config.agent.id,
      version: AGENT_VERSION,
      running: true,
      startedAt: this.startedAt,
      uptimeS: this.startedAt === null ? 0 : (now - this.startedAt) / 1000,
      collectorUrl: this.config.collector?.url ?? null,
      inputs: this.inputs.map((i) => i.health()),
      spool: {
        file: this.config.spool.file ?? '',
        synchronous: this.config.spool.synchronous,
        depth: sp.depth,
        bytes: sp.bytes,
        oldestAgeMs: sp.oldestTs === null ? null : Math.max(0, now - sp.oldestTs),
        deadLetters: sp.deadLetters,
        dropped: sp.dropped,
        problem: sp.problem,
      },
      deadLetters: this.spool.deadLetters(10).map(({ seq, code, message, at }) => ({ seq, code, message, at })),
      forwarder: this.forwarder?.status() ?? null,
      token: tokenStatus(this.config, now),
      memory: memory(),
      remoteConfig: this.remoteConfigText?.() ?? null,
      at: now,
    };
  }

  private readonly sink = (d: ReadingDraft): void => {
    try {
      this.spool.append(d);
    } catch (err) {
      this.log.error({ err, source: d.source }, 'reading could not be spooled');
    }
  };

  private async startInputs(config: Readonly<AgentConfig>): Promise<Input[]> {
    const ctx: ResumableInputContext = {
      sink: this.sink,
      logger: this.log,
      now: this.now,
      lastTs: (source) => this.spool.lastTs(source),
      state: { get: (key) => this.spool.getState(key), set: (key, value) => this.spool.setState(key, value) },
      committed: () => this.spool.committed(),
    };
    const inputs = createInputs(config.inputs, ctx, this.inputFactories);
    const started: Input[] = [];
    try {
      for (const i of inputs) {
        await i.start();
        started.push(i);
      }
    } catch (err) {
      await this.stopInputs(started);
      throw err;
    }
    return inputs;
  }

  private async stopInputs(inputs: readonly Input[]): Promise<void> {
    await Promise.all(
      inputs.map((i) => i.stop().catch((err: unknown) => this.log.error({ err, input: i.id }, 'input failed to stop'))),
    );
  }

  private dailySummary(): void {
    const s = this.status();
    this.log.info(
      { spool: s.spool, delivered: s.forwarder?.delivered ?? 0, lastSuccessAt: s.forwarder?.lastSuccessAt ?? null },
      'daily summary / 일일 요약',
    );
  }
}

function memory(): AgentStatus['memory'] {
  const m = process.memoryUsage();
  return { rssBytes: m.rss, heapUsedBytes: m.heapUsed, externalBytes: m.external + m.arrayBuffers };
}
