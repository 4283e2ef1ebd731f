import type { ChildProcess } from 'node:child_process';

/**
 * Every child process a harness helper started in this process and that has not exited yet.
 * Helpers start each child as the leader of a process group of its own, so ending the group
 * also ends whatever that child started (a shell's children, an exec'd server).
 */
export interface LiveChild {
  pid: number;
  /** What it runs: the command and its first arguments. */
  command: string;
  /** The test that started it, when a labeller is set (the vitest setup file sets one). */
  startedBy?: string;
}

/**
 * One registry per process, kept on globalThis: vitest evaluates the harness again for each
 * test file, and one exit hook per worker is enough.
 */
interface Registry {
  live: Map<number, LiveChild>;
  labeller?: () => string | undefined;
  exitHookInstalled: boolean;
}
const KEY = Symbol.for('gongbang.harness.children');
const holder = globalThis as Record<symbol, Registry | undefined>;
holder[KEY] ??= { live: new Map(), exitHookInstalled: false };
const registry: Registry = holder[KEY];
const live = registry.live;

/**
 * Sets how a new child learns which test started it, so a leak report can name the test.
 * Vitest's setup file passes `() => expect.getState().currentTestName`; the harness itself
 * never imports vitest, because benchmarks use it outside vitest.
 */
export function setChildLabeller(fn: (() => string | undefined) | undefined): void {
  registry.labeller = fn;
}

/** Sends `signal` to the process group led by `pid`; a group that is gone already is fine. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group has no members left.
  }
}

/**
 * Records a child until it exits. Spawn it with `detached: true` so it leads a group of its
 * own that the harness can end as a whole; a child spawned without is ended alone.
 */
export function registerChild(child: ChildProcess, command: string): void {
  const pid = child.pid;
  if (pid === undefined) return; // spawn failed; the 'error' event says why
  live.set(pid, { pid, command, startedBy: registry.labeller?.() });
  child.once('exit', () => live.delete(pid));
  if (!registry.exitHookInstalled) {
    registry.exitHookInstalled = true;
    // Children lead groups of their own, so neither this process's exit nor the terminal's
    // Ctrl-C (sent to this process's group) reaches them: take them along.
    const endAll = () => {
      for (const c of live.values()) signalGroupOrProcess(c.pid, 'SIGKILL');
    };
    process.once('exit', endAll);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        endAll();
        // Where nobody else handles the signal, die of it as the process would have without us.
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
    }
  }
}

/** Children started by the harness in this process that are still running. */
export function liveChildren(): LiveChild[] {
  return [...live.values()];
}

/** Ends every child still running (SIGKILL to each group) and returns what it ended. */
export function endLiveChildren(): LiveChild[] {
  const ended = liveChildren();
  for (const c of ended) {
    // Still registered, so not exited: the pid is still this child's (or its group's).
    signalGroupOrProcess(c.pid, 'SIGKILL');
    live.delete(c.pid);
  }
  return ended;
}

/** One line per child, for a failure message: `socat -d -d … (pid 123, started by "…")`. */
export function describeChildren(children: LiveChild[]): string {
  return children
    .map((c) => `  ${c.command} (pid ${c.pid}${c.startedBy ? `, started by "${c.startedBy}"` : ''})`)
    .join('\n');
}

/**
 * Sends `signal` to the group `pid` leads, or to `pid` alone when it leads none (a process
 * spawned without a group of its own). A group id cannot be handed out again while the group
 * has members, so this never reaches a stranger's group.
 */
export function signalGroupOrProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Gone already.
    }
  }
}
