import { type BackoffOptions, DEFAULT_BACKOFF } from '../backoff/index.js';

/** Forwarder settings (the `forwarder` section of agent.yaml). */
export interface ForwarderOptions {
  /** Most readings per batch (the wire allows 10,000). Default 5,000. */
  batchMaxReadings: number;
  /** Most bytes of reading JSON per batch, before gzip. Default 4 MiB. */
  batchMaxBytes: number;
  /**
   * Share of each batch (0–0.5) reserved for the newest readings while a backlog drains,
   * so live data is not stuck behind days of old readings. Default 0.1.
   */
  liveShare: number;
  backoff: BackoffOptions;
  /** While the collector is unreachable, check this often whether it is back, ms. Default 2,000. */
  probeIntervalMs: number;
  /** Flag the agent's clock when it is off the collector's by more than this, ms. Default 5,000. */
  clockOffsetWarnMs: number;
  /** When nothing new is committed, look at the spool anyway this often, ms. Default 1,000. */
  idlePollMs: number;
}

export const DEFAULT_FORWARDER_OPTIONS: ForwarderOptions = {
  batchMaxReadings: 5_000,
  batchMaxBytes: 4 * 1024 * 1024,
  liveShare: 0.1,
  backoff: DEFAULT_BACKOFF,
  probeIntervalMs: 2_000,
  clockOffsetWarnMs: 5_000,
  idlePollMs: 1_000,
};

/** What the forwarder shows in status and health readings. */
export interface ForwarderStatus {
  state: 'idle' | 'sending' | 'backoff' | 'stopped';
  /** Last 2xx ack, UTC ms. */
  lastSuccessAt: number | null;
  lastError: { code: string; message: string; status?: number; at: number } | null;
  consecutiveFailures: number;
  /** When the next retry is due, UTC ms, while backing off. */
  nextRetryAt: number | null;
  /** Readings acknowledged (stored or duplicate) since start. */
  delivered: number;
  /** Readings moved to the dead letters since start. */
  deadLettered: number;
  /** Agent clock minus collector clock, ms; null until known. */
  clockOffsetMs: number | null;
  /** True when |clockOffsetMs| exceeds `clockOffsetWarnMs`. */
  clockSkewed: boolean;
}
