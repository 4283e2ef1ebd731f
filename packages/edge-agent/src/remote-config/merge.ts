import { describeValidationError } from '@gongbang/shared';
import { type AgentConfig, AgentConfigSchema, deepFreeze } from '../config/index.js';

/** A remote config that the agent's own schema refuses, or that is for another agent. */
export class RemoteConfigError extends Error {
  readonly code = 'GB_REMOTE_CONFIG_INVALID';
  readonly retryable = false;
  constructor(message: string) {
    super(message);
    this.name = 'RemoteConfigError';
  }
}

/** Sections that only the mini PC knows; a remote config never changes them. */
const LOCAL_ONLY = new Set(['agent', 'collector']);

/** Top-level sections a config file may have, in the order the schema lists them. */
const SECTIONS = Object.keys(AgentConfigSchema.shape);

/**
 * The sections a remote config replaces: those it names with something in them. An empty
 * section (`inputs: []`, `forwarder: {}`) names no setting, so the local one stays; this is
 * what the collector stored at enrollment before 0.2 (`{ agent, inputs: [] }`), which used to
 * erase the inputs of the local agent.yaml (issue #10, item 12).
 */
export function remoteSections(remote: unknown): string[] {
  if (remote === null || typeof remote !== 'object' || Array.isArray(remote)) return [];
  const r = remote as Record<string, unknown>;
  return SECTIONS.filter((key) => !LOCAL_ONLY.has(key) && key in r && !isEmpty(r[key]));
}

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v as object).length === 0;
}

/**
 * The config to run: the local file, with every section the remote config names (see
 * `remoteSections`) replaced by the remote one (validated with the agent's AgentConfigSchema).
 * Sections the technician did not write keep their local values, and the sections only the
 * mini PC knows stay local — the agent's id and data folder, its spool file and how to reach
 * the collector (its URL and token never travel in a remote config).
 */
export function mergeRemoteConfig(local: Readonly<AgentConfig>, remote: unknown): Readonly<AgentConfig> {
  const r = AgentConfigSchema.safeParse(remote);
  if (!r.success) throw new RemoteConfigError(`remote config invalid:\n${describeValidationError(r.error)}`);
  if (r.data.agent.id !== local.agent.id) {
    throw new RemoteConfigError(`remote config is for agent "${r.data.agent.id}", this is "${local.agent.id}"`);
  }
  const merged: Record<string, unknown> = structuredClone(local) as unknown as Record<string, unknown>;
  const parsed = r.data as unknown as Record<string, unknown>;
  for (const key of remoteSections(remote)) merged[key] = parsed[key];
  // The spool file stays where it is: moving it would strand the readings not yet sent.
  merged.spool = { ...(merged.spool as object), file: local.spool.file };
  return deepFreeze(merged as unknown as AgentConfig);
}
