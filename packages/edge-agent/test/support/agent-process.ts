import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertAlive, type ManagedProcess, startProcess, waitExit, waitFor } from '@gongbang/harness';
import type { Reading } from '@gongbang/shared';
import { stringify } from 'yaml';
import type { AgentStatus } from '../../src/status/model.js';

/** The built `gongbang-agent` entry point. */
export const AGENT_BIN = fileURLToPath(new URL('../../bin/gongbang-agent.js', import.meta.url));
const BIN = AGENT_BIN;

/** Writes an agent.yaml into `dir` (sections merged over test-friendly defaults); returns its path. */
export function writeAgentConfig(dir: string, name: string, sections: Record<string, unknown>): string {
  const file = path.join(dir, name);
  const config = {
    agent: { id: 'e2e-agent', dataDir: path.join(dir, 'data') },
    statusPage: { port: 0 },
    log: { level: 'info' },
    ...sections,
  };
  writeFileSync(file, stringify(config));
  return file;
}

/** The agent as a real process: `node bin/gongbang-agent.js run --config FILE` (needs the built dist). */
export function startAgent(configFile: string): ManagedProcess {
  return startProcess(process.execPath, [BIN, 'run', '--config', configFile]);
}

/** Runs `gongbang-agent status` and returns its stdout. */
export async function agentStatusCli(configFile: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const p = startProcess(process.execPath, [BIN, 'status', '--config', configFile, ...args], { env });
  const code = await waitExit(p, 'gongbang-agent status');
  return { code, output: p.output() };
}

/** Resolves once the agent logged that it started; fails with its output when it exits first. */
export async function waitStarted(p: ManagedProcess, timeoutMs = 30_000): Promise<void> {
  await waitFor(
    'the agent to start',
    () => {
      assertAlive(p, 'the agent');
      return p.output().includes('"agent started');
    },
    { timeoutMs },
  );
}

/** The status the agent serves on its local page. */
export async function fetchStatus(p: ManagedProcess): Promise<AgentStatus> {
  const m = /"statusUrl":"([^"]+)"/.exec(p.output());
  if (!m) throw new Error('no status URL in the agent log yet');
  const res = await fetch(new URL('status.json', m[1]));
  return (await res.json()) as AgentStatus;
}

/** The JSON log lines of a process whose `msg` starts with `msg`. */
export function logLines(p: ManagedProcess, msg: string): Array<Record<string, unknown>> {
  return p
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        return {};
      }
    })
    .filter((o) => typeof o.msg === 'string' && o.msg.startsWith(msg));
}

/** Kills with SIGKILL (no cleanup at all) and waits for the exit. */
export async function kill9(p: ManagedProcess): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const gone = new Promise((r) => p.child.once('exit', r));
  process.kill(p.child.pid!, 'SIGKILL');
  await gone;
}

/** SIGTERM and wait; returns the exit code. */
export async function sigterm(p: ManagedProcess, timeoutMs = 30_000): Promise<number | null> {
  if (p.child.exitCode !== null) return p.child.exitCode;
  const gone = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGTERM');
  const t = setTimeout(() => p.child.kill('SIGKILL'), timeoutMs);
  await gone;
  clearTimeout(t);
  return p.child.exitCode;
}

/** A small seeded PRNG (mulberry32) so random kill moments repeat from a seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type { Reading };
