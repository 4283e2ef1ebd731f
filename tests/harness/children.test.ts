import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { buildWorkspace } from './build.js';
import {
  cleanupAfterEach,
  describeChildren,
  endLiveChildren,
  endSurvivors,
  findSurvivors,
  liveChildren,
  RUN_MARKER_ENV,
  registerChild,
  startProcess,
  tempDir,
  waitFor,
} from './index.js';

const cleanups = cleanupAfterEach(afterEach);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Kills `pid` if a failed assertion left it running. */
function killLater(pid: number) {
  cleanups.push(() => {
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  });
}

describe('children the harness starts', () => {
  it('stop() ends the child and the processes it started (its whole process group)', async () => {
    // A shell that starts a grandchild, like a wrapper script; SIGTERM to the shell alone
    // would leave the grandchild running, reparented and unnoticed.
    const p = startProcess('/bin/sh', ['-c', 'sleep 300 & echo "grandchild $!"; wait']);
    cleanups.push(() => p.stop(1_000));
    const m = await waitFor('the grandchild pid', () => /grandchild (\d+)/.exec(p.output()));
    const grandchild = Number(m[1]);
    killLater(grandchild);
    expect(alive(grandchild)).toBe(true);
    await p.stop(1_000);
    await waitFor('the grandchild to be gone', () => !alive(grandchild), { timeoutMs: 5_000 });
  });

  it('registers each child with the test that started it until it exits', async () => {
    const p = startProcess('/bin/sleep', ['300']);
    cleanups.push(() => p.stop(1_000));
    expect(liveChildren()).toContainEqual({
      pid: p.child.pid,
      command: 'sleep 300',
      startedBy: expect.stringContaining('registers each child with the test that started it'),
    });
    await p.stop(1_000);
    expect(liveChildren().map((c) => c.pid)).not.toContain(p.child.pid);
  });

  it('ends the children of a process interrupted by SIGINT, which still dies of it', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/hold-child.ts', import.meta.url));
    const holder = spawn(process.execPath, ['--import', 'tsx', fixture], { stdio: ['ignore', 'pipe', 'inherit'] });
    cleanups.push(() => {
      if (holder.exitCode === null && holder.signalCode === null) holder.kill('SIGKILL');
    });
    const exited = new Promise((r) => holder.once('exit', r));
    let out = '';
    holder.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    const m = await waitFor('the held child pid', () => /child (\d+)/.exec(out), { timeoutMs: 30_000 });
    const child = Number(m[1]);
    killLater(child);
    expect(alive(child)).toBe(true);
    holder.kill('SIGINT');
    await exited;
    expect(holder.signalCode).toBe('SIGINT');
    await waitFor('the held child to be gone', () => !alive(child), { timeoutMs: 5_000 });
  });

  it('ends what a test file left running, also a child registered without a group of its own', async () => {
    const plain = spawn('/bin/sleep', ['300'], { stdio: 'ignore' });
    registerChild(plain, 'sleep 300 (plain)');
    killLater(plain.pid!);
    const grouped = startProcess('/bin/sleep', ['301']);
    killLater(grouped.child.pid!);
    const ended = endLiveChildren();
    expect(ended.map((c) => c.command).sort()).toEqual(['sleep 300 (plain)', 'sleep 301']);
    expect(describeChildren(ended)).toMatch(/sleep 301 \(pid \d+, started by ".*ends what a test file left running/);
    await waitFor('both to be gone', () => !alive(plain.pid!) && !alive(grouped.child.pid!), { timeoutMs: 5_000 });
    expect(liveChildren()).toEqual([]);
  });

  it('marks children with the run id even when the test passes an environment of its own', async () => {
    const p = startProcess('/bin/sh', ['-c', `echo "marker=$${RUN_MARKER_ENV}"`], { env: { PATH: '/usr/bin:/bin' } });
    await new Promise((r) => p.child.once('exit', r));
    expect(p.output().trim()).toBe(`marker=${process.env[RUN_MARKER_ENV]}`);
    expect(process.env[RUN_MARKER_ENV]).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('the end-of-run check', () => {
  it('finds an orphan of the run by its marker, kills it and names it', async () => {
    const runId = randomUUID();
    // The shell exits at once: its sleep is orphaned, as a child whose test forgot it would be.
    const sh = spawn('/bin/sh', ['-c', 'sleep 300 & echo $!'], {
      env: { ...process.env, [RUN_MARKER_ENV]: runId },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    sh.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    await new Promise((r) => sh.once('exit', r));
    const orphan = Number(out.trim());
    killLater(orphan);
    // The shell forks before `sleep` execs: until then the orphan's command line is the shell's.
    await waitFor('the orphan to exec sleep', () => findSurvivors(runId).some((s) => s.command === 'sleep 300'), {
      timeoutMs: 5_000,
    });
    expect(findSurvivors(runId)).toEqual([
      { pid: orphan, ppid: expect.any(Number), command: 'sleep 300', file: 'tests/harness/children.test.ts' },
    ]);
    expect(() => endSurvivors(runId)).toThrow(
      new RegExp(
        `1 process\\(es\\) started by this test run were still running[\\s\\S]*pid ${orphan}: sleep 300 \\(started during tests/harness/children\\.test\\.ts\\)`,
      ),
    );
    await waitFor('the orphan to be killed', () => !alive(orphan), { timeoutMs: 5_000 });
    expect(() => endSurvivors(runId)).not.toThrow();
  });
});

describe('the build before the run', () => {
  it('fails with the compiler output when the code does not compile', async () => {
    const tmp = await tempDir('gb-build-');
    cleanups.push(tmp.remove);
    writeFileSync(
      path.join(tmp.dir, 'tsconfig.json'),
      JSON.stringify({ files: ['bad.ts'], compilerOptions: { noEmit: true } }),
    );
    writeFileSync(path.join(tmp.dir, 'bad.ts'), "export const n: number = 'not a number';\n");
    expect(() => buildWorkspace(tmp.dir)).toThrow(/the build failed \(tsc -b exited 1\)[\s\S]*bad\.ts[\s\S]*TS2322/);
  });
});
