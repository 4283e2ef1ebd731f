import type { Logger } from 'pino';
import type { AgentConfig } from '../config/index.js';
import { AGENT_VERSION } from '../version.js';
import type { HeartbeatAnswer, HeartbeatClient, HeartbeatReport } from './client.js';
import { mergeRemoteConfig, remoteSections } from './merge.js';
import type { LastGoodConfigStore } from './store.js';

/** What the sync drives: the agent's live reconfiguration (inputs restart, spool untouched). */
export interface Reconfigurable {
  reconfigure(next: Readonly<AgentConfig>): Promise<void>;
}

/** Options of the remote-config sync. */
export interface RemoteConfigSyncOptions {
  target: Reconfigurable;
  client: HeartbeatClient;
  store: LastGoodConfigStore;
  /** The config the agent runs now (the local file, or the last good remote config). */
  running: Readonly<AgentConfig>;
  /** The remote version `running` came from; null when it is the local file only. */
  runningVersion: number | null;
  /**
   * The local agent.yaml as loaded; every remote version is merged over it (not over the
   * previous version), so a restart runs exactly what was applied live. Default `running`.
   */
  local?: Readonly<AgentConfig>;
  logger: Logger;
}

/**
 * Pulls the agent's remote config with each heartbeat and applies it:
 * validate with the agent's schema → `reconfigure` (inputs restart, no reading is lost) →
 * save as the last good config. If the new config fails to start, the last good config is
 * applied again, the failed version is reported with the next heartbeat and not retried
 * until the technician saves a newer one.
 */
export class RemoteConfigSync {
  private running: Readonly<AgentConfig>;
  private appliedVersion: number | null;
  private failed: { version: number; reason: string } | null = null;
  private busy: Promise<void> | null = null;
  private readonly log: Logger;

  constructor(private readonly options: RemoteConfigSyncOptions) {
    this.running = options.running;
    this.appliedVersion = options.runningVersion;
    this.log = options.logger.child({ component: 'remote-config' });
  }

  /** The remote version running now, and the last version that failed. */
  state(): { appliedVersion: number | null; failedVersion: number | null; failedReason: string | null } {
    return {
      appliedVersion: this.appliedVersion,
      failedVersion: this.failed?.version ?? null,
      failedReason: this.failed?.reason ?? null,
    };
  }

  report(): HeartbeatReport {
    return {
      agentVersion: AGENT_VERSION,
      appliedConfigVersion: this.appliedVersion,
      failedConfigVersion: this.failed?.version ?? null,
      failedConfigReason: this.failed?.reason ?? null,
    };
  }

  /**
   * One heartbeat: report, and apply a newer config if the answer carries one; then report
   * again at once so the collector learns the outcome without waiting a heartbeat. Calls
   * never overlap. Network errors are logged and left to the next heartbeat.
   */
  async syncOnce(): Promise<void> {
    if (this.busy) return await this.busy;
    this.busy = (async () => {
      try {
        const answer = await this.options.client.heartbeat(this.report());
        if (await this.apply(answer)) await this.options.client.heartbeat(this.report());
      } catch (err) {
        this.log.warn({ err }, 'heartbeat failed; next heartbeat retries / 하트비트 실패');
      }
    })();
    try {
      await this.busy;
    } finally {
      this.busy = null;
    }
  }

  /** Applies the config of a heartbeat answer if it is new; true when something was tried. */
  async apply(answer: HeartbeatAnswer): Promise<boolean> {
    const offer = answer.config;
    if (!offer || offer.version === this.appliedVersion || offer.version === this.failed?.version) return false;
    let next: Readonly<AgentConfig>;
    try {
      next = mergeRemoteConfig(this.options.local ?? this.options.running, offer.config);
    } catch (err) {
      this.fail(offer.version, (err as Error).message);
      return true;
    }
    try {
      await this.options.target.reconfigure(next);
    } catch (err) {
      this.fail(offer.version, `failed to start: ${(err as Error).message}`);
      await this.rollBack();
      return true;
    }
    this.options.store.save(offer.version, offer.config);
    this.running = next;
    this.appliedVersion = offer.version;
    this.failed = null;
    const sections = remoteSections(offer.config);
    this.log.info(
      { version: offer.version, author: offer.author, overrides: sections },
      `remote config applied; it overrides ${sections.join(', ') || 'nothing'} of agent.yaml / 원격 설정 적용됨 (대체 항목: ${sections.join(', ') || '없음'})`,
    );
    return true;
  }

  private fail(version: number, reason: string): void {
    this.failed = { version, reason: reason.slice(0, 2000) };
    this.log.error(
      { version, reason },
      'remote config refused; keeping the last good one / 원격 설정 거부, 이전 설정 유지',
    );
  }

  /** Starts the last good config again (a no-op restart when the agent already restored it). */
  private async rollBack(): Promise<void> {
    try {
      await this.options.target.reconfigure(this.running);
    } catch (err) {
      this.log.error({ err }, 'last good config failed to start again / 이전 설정 재시작 실패');
    }
  }
}
