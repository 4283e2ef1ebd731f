import { readdir, readFile, readlink } from 'node:fs/promises';
import { freePort, GiveUp, type ManagedProcess, waitFor } from './util.js';

/**
 * What servers print when the port they were given is taken (mosquitto "Error: Address already
 * in use", Go's "bind: address already in use", Python's "[Errno 98] … address already in use").
 */
export const ADDRESS_IN_USE = /address already in use|EADDRINUSE/i;

/** A server could not have the port it was given: another process holds it. Try other ports. */
export class PortTakenError extends GiveUp {
  readonly code = 'PORT_TAKEN';
  constructor(
    readonly what: string,
    readonly port: number | undefined,
    detail: string,
  ) {
    super(`${what}: port ${port ?? '?'} is taken by another process (${detail})`);
    this.name = 'PortTakenError';
  }
}

/** Inodes of the sockets listening on `port` (any local address), from /proc/net/tcp{,6}. */
export async function listeningInodes(port: number): Promise<Set<string>> {
  const hexPort = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // cols: sl local_address rem_address st … inode (10th); st 0A is TCP_LISTEN.
      if (cols[1]?.endsWith(hexPort) && cols[3] === '0A' && cols[9]) inodes.add(cols[9]);
    }
  }
  return inodes;
}

/**
 * True when the process `pid` itself holds a socket listening on `port`. Unlike "something
 * answers on the port", this cannot be fooled by another process (another test run, another
 * engineer's server) that took the port between the pick and the bind.
 */
export async function listensOn(pid: number | undefined, port: number): Promise<boolean> {
  if (pid === undefined) return false;
  const inodes = await listeningInodes(port);
  return inodes.size > 0 && (await holdsSocket(pid, inodes));
}

/**
 * True when a process of the process group `pgid` listens on `port`: for a server that is the
 * grandchild of the process a test started (`npm start` runs the collector as its child).
 */
export async function groupListensOn(pgid: number, port: number): Promise<boolean> {
  const inodes = await listeningInodes(port);
  if (inodes.size === 0) return false;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so split after the last ")".
    const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    if (pgrp === pgid && (await holdsSocket(Number(entry), inodes))) return true;
  }
  return false;
}

async function holdsSocket(pid: number, inodes: ReadonlySet<string>): Promise<boolean> {
  const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
  for (const fd of fds) {
    const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const m = /^socket:\[(\d+)\]$/.exec(link);
    if (m && inodes.has(m[1]!)) return true;
  }
  return false;
}

/**
 * Waits until `proc` listens on every one of `ports` itself and `ready()` (if given) is true.
 * Throws PortTakenError at once when the process exits saying the address is in use, or at the
 * deadline when another process holds one of the ports; any other exit throws with its output.
 */
export async function waitListening(
  proc: ManagedProcess,
  what: string,
  ports: readonly number[],
  opts: { timeoutMs?: number; ready?: () => Promise<boolean> } = {},
): Promise<void> {
  const exited = () => proc.child.exitCode !== null || proc.child.signalCode !== null;
  try {
    await waitFor(
      `${what} listening on port ${ports.join(', ')}`,
      async () => {
        if (exited()) {
          const out = proc.output();
          if (ADDRESS_IN_USE.test(out))
            throw new PortTakenError(
              what,
              ports.length === 1 ? ports[0] : undefined,
              out.trim().split('\n').pop() ?? '',
            );
          throw new GiveUp(`${what} exited (${proc.child.exitCode ?? proc.child.signalCode}):\n${out}`);
        }
        for (const p of ports) if (!(await listensOn(proc.child.pid, p))) return false;
        return opts.ready ? await opts.ready() : true;
      },
      { timeoutMs: opts.timeoutMs ?? 15_000 },
    );
  } catch (err) {
    if (err instanceof GiveUp) throw err;
    for (const p of ports) {
      if ((await listeningInodes(p)).size > 0 && !(await listensOn(proc.child.pid, p)))
        throw new PortTakenError(what, p, (err as Error).message);
    }
    throw new Error(`${(err as Error).message}\n${proc.output()}`);
  }
}

/** Options of `onFreePorts`. */
export interface FreePortsOptions {
  /** How many sets of ports to try before giving up (default 5). */
  attempts?: number;
  /** Picks one port (default: a port the kernel just handed out); harness tests pass taken ones. */
  pickPort?: () => Promise<number>;
}

/**
 * For servers that must be told a port number (influxd, mosquitto, victoria-metrics, pymodbus):
 * the port can only be picked free and handed over, so another process may take it first. Runs
 * `start` with `count` picked ports and, when it throws PortTakenError, again with new ones.
 */
export async function onFreePorts<T>(
  count: number,
  start: (ports: number[]) => Promise<T>,
  opts: FreePortsOptions = {},
): Promise<T> {
  const attempts = opts.attempts ?? 5;
  const pick = opts.pickPort ?? freePort;
  const taken: string[] = [];
  for (let i = 0; i < attempts; i++) {
    const ports: number[] = [];
    for (let tries = 0; ports.length < count && tries < count * 10; tries++) {
      const p = await pick();
      if (!ports.includes(p)) ports.push(p);
    }
    if (ports.length < count) throw new Error(`could not pick ${count} distinct ports`);
    try {
      return await start(ports);
    } catch (err) {
      if (!(err instanceof PortTakenError)) throw err;
      taken.push(err.message);
    }
  }
  throw new Error(`no free port after ${attempts} attempts:\n${taken.join('\n')}`);
}
