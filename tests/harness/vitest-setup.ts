import path from 'node:path';
import { afterAll, expect } from 'vitest';
import { describeChildren, endLiveChildren, setChildLabeller, signalGroupOrProcess } from './children.js';
import { describeSurvivors, FILE_MARKER_ENV, findSurvivors, RUN_MARKER_ENV, type Survivor } from './survivors.js';

// Vitest setup file (every test file, in its worker): names the test that starts each child and
// marks the processes started during this file, and fails the file when it ends with any of them
// still running. This afterAll is registered before the file's own hooks, so it runs after them.
const file = path.relative(process.cwd(), expect.getState().testPath ?? '');
process.env[FILE_MARKER_ENV] = file;
setChildLabeller(() => expect.getState().currentTestName);

/** How long a process started without the harness may take to finish exiting after the file. */
const STRAY_GRACE_MS = 2_000;

afterAll(async () => {
  const left = endLiveChildren();
  const strays = await straysOfThisFile(new Set(left.map((c) => c.pid)));
  for (const s of strays) signalGroupOrProcess(s.pid, 'SIGKILL');
  const count = left.length + strays.length;
  if (count > 0) {
    const lines = [left.length > 0 ? describeChildren(left) : '', strays.length > 0 ? describeSurvivors(strays) : ''];
    throw new Error(
      `this test file left ${count} child process(es) running (now killed); the test that starts one must end it, also when it fails:\n${lines.filter(Boolean).join('\n')}`,
    );
  }
});

/** Processes marked with this run and this file (started without the harness too), still alive. */
async function straysOfThisFile(ignore: Set<number>): Promise<Survivor[]> {
  const runId = process.env[RUN_MARKER_ENV];
  if (runId === undefined) return [];
  const find = () => findSurvivors(runId, (s) => s.file !== file || ignore.has(s.pid) || s.pid === process.pid);
  const deadline = Date.now() + STRAY_GRACE_MS;
  let strays = find();
  while (strays.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    strays = find();
  }
  return strays;
}
