import { readdirSync, readFileSync } from 'node:fs';
import { signalGroupOrProcess } from './children.js';

/**
 * The environment variable that marks every process of one test run. Vitest's global setup
 * sets it to a fresh id before any worker starts; workers and every process they spawn inherit
 * it (the harness adds it back when a test passes its own `env`). A process that still carries
 * the id when the run ends was started by the run and never ended: a leak, even when it was
 * orphaned and its parent is long gone. Linux only: it reads /proc.
 */
export const RUN_MARKER_ENV = 'GONGBANG_TEST_RUN';

/**
 * The environment variable naming the test file a process was started during. The vitest setup
 * file sets it in the worker before each file runs (a fork runs one file at a time), so a
 * process a test started without the harness can still be traced to its file.
 */
export const FILE_MARKER_ENV = 'GONGBANG_TEST_FILE';

/**
 * `env` with this run's and this file's markers, when there are any (outside vitest, e.g. in
 * benchmarks, there are none).
 */
export function withRunMarker(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const add: Record<string, string> = {};
  for (const key of [RUN_MARKER_ENV, FILE_MARKER_ENV]) {
    const v = process.env[key];
    if (v !== undefined && env[key] !== v) add[key] = v;
  }
  return Object.keys(add).length === 0 ? env : { ...env, ...add };
}

/** A process of the run found alive after it. */
export interface Survivor {
  pid: number;
  ppid: number;
  /** Its command line, shortened. */
  command: string;
  /** The test file it was started during, when known. */
  file?: string;
}

/**
 * Processes whose environment carries `RUN_MARKER_ENV=runId`, except `exclude` (the runner
 * itself and its workers). Processes whose environment cannot be read are not ours to judge.
 */
export function findSurvivors(runId: string, exclude: (s: Survivor) => boolean = () => false): Survivor[] {
  const needle = `\0${RUN_MARKER_ENV}=${runId}\0`;
  const found: Survivor[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    try {
      const env = `\0${readFileSync(`/proc/${pid}/environ`, 'latin1')}`;
      if (!env.includes(needle)) continue;
      // The command name in /proc/PID/stat sits in parentheses and may itself hold spaces.
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim().slice(0, 200);
      const file = new RegExp(`\0${FILE_MARKER_ENV}=([^\0]*)\0`).exec(env)?.[1];
      const s: Survivor = { pid, ppid, command, ...(file ? { file } : {}) };
      if (!exclude(s)) found.push(s);
    } catch {
      // Gone while we looked, a zombie, or not ours to read.
    }
  }
  return found;
}

/**
 * Ends (SIGKILL, with its group) every process of run `runId` still alive, except `exclude`,
 * and throws naming each one; returns quietly when there is none.
 */
export function endSurvivors(runId: string, exclude?: (s: Survivor) => boolean): void {
  const survivors = findSurvivors(runId, exclude);
  if (survivors.length === 0) return;
  for (const s of survivors) signalGroupOrProcess(s.pid, 'SIGKILL');
  const list = describeSurvivors(survivors);
  throw new Error(
    `${survivors.length} process(es) started by this test run were still running after it (now killed); the test that starts one must end it, also when it fails:\n${list}`,
  );
}

/** One line per survivor, for a failure message. */
export function describeSurvivors(survivors: Survivor[]): string {
  return survivors.map((s) => `  pid ${s.pid}: ${s.command}${s.file ? ` (started during ${s.file})` : ''}`).join('\n');
}
