// The agent's memory settings as shipped: the first line of bin/gongbang-agent.js, read by the
// same code the agent uses to check them, and what a running process was really started with.
import { readFileSync } from 'node:fs';
import { binSettings } from '@gongbang/edge-agent';

/** Node's command-line options and the environment the binary gives the agent. */
export interface NodeLaunchSettings {
  nodeArgs: string[];
  env: Record<string, string>;
}

export function shippedSettings(): NodeLaunchSettings {
  return binSettings();
}

/** The node options (before the script) and MALLOC_ARENA_MAX of a running process, from /proc. */
export function observedSettings(pid: number): { nodeArgs: string[]; mallocArenaMax: string | null } {
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const script = argv.findIndex((a) => a.endsWith('gongbang-agent.js'));
  const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  const arena = env.find((e) => e.startsWith('MALLOC_ARENA_MAX='));
  return { nodeArgs: argv.slice(1, script), mallocArenaMax: arena ? arena.slice('MALLOC_ARENA_MAX='.length) : null };
}
