import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { registerChild, signalGroup } from './children.js';
import { withRunMarker } from './survivors.js';

/** A port the kernel just handed out on 127.0.0.1 and that is free again now. */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      if (addr === null || typeof addr === 'string') return reject(new Error('no port'));
      srv.close(() => resolve(addr.port));
    });
  });
}

/** A fresh temp directory and a function that removes it. */
export async function tempDir(prefix = 'gongbang-'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

const SBIN = ['/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/local/bin', '/usr/local/sbin'];

/**
 * Finds a binary on PATH or in the usual system folders; fails with the apt command
 * that installs it. Tests never skip because a server is missing.
 */
export function requireBinary(name: string, aptPackage: string): string {
  if (name.startsWith('/')) {
    if (existsSync(name)) return name;
  } else {
    const dirs = [...(process.env.PATH ?? '').split(':'), ...SBIN];
    for (const d of dirs) {
      const p = path.join(d, name);
      if (d && existsSync(p)) return p;
    }
  }
  throw new Error(
    `${name} is not installed. Install it with: sudo apt-get update && sudo apt-get install -y ${aptPackage} (or run bash .ci/run, which installs every test dependency)`,
  );
}

/** Polls `check` until it returns truthy or the deadline passes; the error names `what`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  { timeoutMs = 15_000, intervalMs = 50 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() > deadline) {
      const why = lastErr instanceof Error ? `: ${lastErr.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** True when something accepts TCP connections on host:port. */
export function canConnect(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** A child process whose output is kept so a failing start can say why. */
export interface ManagedProcess {
  child: ChildProcess;
  output: () => string;
  /**
   * SIGTERM to the child's process group, then SIGKILL after `graceMs`; resolves when the
   * child is gone, and then ends whatever of its group is left (a grandchild that outlived it).
   */
  stop: (graceMs?: number) => Promise<void>;
}

/**
 * Spawns `cmd` as the leader of a process group of its own, registered with the harness
 * (children.ts) until it exits, and marked with the run's id (survivors.ts) so a check at the
 * end of the test run finds it if nothing ended it.
 */
export function startProcess(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; uid?: number; gid?: number } = {},
) {
  const child = spawn(cmd, args, {
    cwd: opts.cwd,
    env: withRunMarker(opts.env ?? process.env),
    uid: opts.uid,
    gid: opts.gid,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: stop() ends the child and everything it started in one signal.
    detached: true,
  });
  registerChild(child, [path.basename(cmd), ...args].join(' ').slice(0, 160));
  let out = '';
  const keep = (b: Buffer) => {
    out += b.toString();
    if (out.length > 64_000) out = out.slice(-32_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  const gone = () => child.exitCode !== null || child.signalCode !== null || child.pid === undefined;
  const proc: ManagedProcess = {
    child,
    output: () => out,
    stop: async (graceMs = 5_000) => {
      if (gone()) return;
      const pid = child.pid!;
      signalGroup(pid, 'SIGTERM');
      const t = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(t);
      // The group outlives its leader while a member runs; end the stragglers too. Only right
      // after the leader's exit, so the group id cannot have been handed to someone else yet.
      signalGroup(pid, 'SIGKILL');
    },
  };
  return proc;
}

/** Throws with the process output if it has already exited. */
export function assertAlive(p: ManagedProcess, name: string): void {
  if (p.child.exitCode !== null || p.child.signalCode !== null) {
    throw new Error(`${name} exited (${p.child.exitCode ?? p.child.signalCode}):\n${p.output()}`);
  }
}

/** Synchronous `which`, for helpers that only need to know. */
export function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}
