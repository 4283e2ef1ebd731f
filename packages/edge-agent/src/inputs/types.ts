import type { InputHealth, Reading } from '@gongbang/shared';
import type { Logger } from 'pino';
import type { InputConfig } from '../config/inputs.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A reading as an input produces it: everything but `seq`, which the spool assigns on append. */
export type ReadingDraft = DistributiveOmit<Reading, 'seq'>;

/**
 * Where inputs hand their readings. Synchronous on purpose: the spool buffers and
 * group-commits, so an input never waits on disk and never drops a reading it handed over.
 */
export type ReadingSink = (reading: ReadingDraft) => void;

/** One device or device group. Constructors only assign; `start()`/`stop()` do the I/O. */
export interface Input {
  readonly id: string;
  readonly type: string;
  /** Opens ports/connections. Resolves once started; a device that is absent is retried in the background, not thrown. */
  start(): Promise<void>;
  /** Closes everything it opened; idempotent. */
  stop(): Promise<void>;
  /** Connected, last data, errors by kind — for status and health readings. */
  health(): InputHealth;
}

/** What a factory gets to build an input. */
export interface InputContext {
  sink: ReadingSink;
  logger: Logger;
  /** Clock for agent-stamped times; injectable for tests. */
  now: () => number;
  /** Durable numbers that derived signals carry over a restart (absent: start from scratch). */
  state?: DeriveStateStore;
  /**
   * Resolves once every reading handed to `sink` so far is committed to the spool; rejects when
   * they never will be. An input that can make its device keep a message until then (an MQTT
   * QoS 1/2 acknowledgement) waits on it. Absent: nothing to wait for.
   */
  committed?: () => Promise<void>;
}

/**
 * Small numeric state of derived signals (e.g. a counter's running total and last raw value).
 * `set` takes effect in the spool's next commit, together with the readings appended before
 * it, so after a crash the state always matches the readings that survived.
 */
export interface DeriveStateStore {
  get(key: string): number | undefined;
  set(key: string, value: number): void;
}

export type InputFactory = (config: InputConfig, ctx: InputContext) => Input;
