import type { Bilingual, InputHealth } from '@gongbang/shared';
import type { ForwarderStatus } from '../forwarder/index.js';

/** Everything `gongbang-agent status` and the local status page show. */
export interface AgentStatus {
  agentId: string;
  version: string;
  /** False when read from the files of an agent that is not running. */
  running: boolean;
  startedAt: number | null;
  uptimeS: number;
  collectorUrl: string | null;
  inputs: InputHealth[];
  spool: {
    file: string;
    synchronous: 'FULL' | 'NORMAL';
    depth: number;
    bytes: number;
    /** Age of the oldest waiting reading, ms; null when empty. */
    oldestAgeMs: number | null;
    deadLetters: number;
    dropped: Record<string, number>;
    problem: { code: string; message: string; at: number } | null;
  };
  /** The first dead letters (seq, code, message, when). */
  deadLetters: Array<{ seq: number; code: string; message: string; at: number }>;
  /** Null when no collector is configured (or the agent is not running). */
  forwarder: ForwarderStatus | null;
  /**
   * Where the collector token is kept and, for a token file, how old it is (its age decides the
   * next rotation); null without a collector.
   */
  token: { kept: 'file' | 'config' | 'none'; fileAgeMs: number | null; rotateTokenDays: number | false } | null;
  /** Memory of the agent process (null when not running): resident set and V8 heap, bytes. */
  memory: { rssBytes: number; heapUsedBytes: number; externalBytes: number } | null;
  /**
   * Which settings of the local agent.yaml the running remote config replaces, in both
   * languages; null or absent when there is nothing to say (no collector, or not known).
   */
  remoteConfig?: Bilingual | null;
  /** UTC ms the status was taken. */
  at: number;
}
