import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  ADDRESS_IN_USE,
  canConnect,
  cleanupAfterEach,
  GiveUp,
  groupListensOn,
  onFreePorts,
  PortTakenError,
  requireBinary,
  tempDir,
  waitFor,
} from '@gongbang/harness';
import { afterEach, describe, expect, it } from 'vitest';

// `npm start` is `npm run build && node scripts/start.js`; the suite builds first, so the
// script runs here as it does for a newcomer, as a real process with its own process group
// (like a terminal's foreground job, which is what Ctrl-C signals).
const START = fileURLToPath(new URL('../../scripts/start.js', import.meta.url));
const ROOT = path.dirname(path.dirname(START));
const run = promisify(execFile);
const cleanup = cleanupAfterEach(afterEach);

interface Login {
  role: string;
  username: string;
  password: string;
  token: string;
}

interface Demo {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startDemo(dataDir: string, port: number): Demo {
  // A small programme keeps the suite quick; the default (12 × 5 months) is the same code.
  const args = [
    '--port',
    String(port),
    '--status-port',
    '0',
    '--data-dir',
    dataDir,
    '--workshops',
    '3',
    '--months',
    '1',
  ];
  const child = spawn(process.execPath, [START, ...args], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // On failure, nothing of the demo may outlive the test: the whole group goes.
  cleanup.push(async () => {
    if (groupAlive(child.pid!)) process.kill(-child.pid!, 'SIGKILL');
    await waitFor('the demo process group to end', () => !groupAlive(child.pid!), { timeoutMs: 10_000 });
  });
  return { child, output: () => out, exited };
}

/**
 * Starts the demo on a picked port (the script must be told one) and waits until its own
 * collector listens there; when the collector finds the port taken, starts again on another.
 */
async function startDemoOnFreePort(dataDir: string): Promise<{ demo: Demo; port: number }> {
  return await onFreePorts(1, async ([port]) => {
    const demo = startDemo(dataDir, port!);
    await waitFor(
      `the demo's collector to listen on port ${port}`,
      async () => demo.child.exitCode !== null || (await groupListensOn(demo.child.pid!, port!)),
      // The first start runs the admin CLI nine times: slow on a loaded 2-core machine.
      { timeoutMs: 90_000 },
    );
    if (demo.child.exitCode !== null) {
      if (ADDRESS_IN_USE.test(demo.output()))
        throw new PortTakenError('npm start', port, 'the collector did not start');
      throw new Error(`npm start exited ${demo.child.exitCode}:\n${demo.output()}`);
    }
    return { demo, port: port! };
  });
}

/** True while any process of the group `pgid` exists (signal 0 only checks). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

/** The printed curl line and login table, once the demo has printed them. */
async function printed(demo: Demo): Promise<{ curl: string; logins: Login[] }> {
  const curl = await waitFor(
    'npm start to print its curl line',
    () => {
      if (demo.child.exitCode !== null) throw new GiveUp(`npm start exited ${demo.child.exitCode}:\n${demo.output()}`);
      return /^\s+(curl -H .*)$/m.exec(demo.output())?.[1];
    },
    // The first start runs the admin CLI nine times: slow on a loaded 2-core machine.
    { timeoutMs: 90_000 },
  );
  const logins = [...demo.output().matchAll(/^\s+\S+ \/ (\w+)\s+(demo-\S+)\s+(\S+)\s+(gbu_\S+)$/gm)].map(
    ([, role, username, password, token]) => ({ role, username, password, token }) as Login,
  );
  return { curl, logins };
}

/** Runs the printed line exactly as a person would paste it into a shell. */
async function curlReadings(line: string): Promise<Array<Record<string, unknown>>> {
  const { stdout } = await run('sh', ['-c', line]);
  return (JSON.parse(stdout) as { readings: Array<Record<string, unknown>> }).readings;
}

async function me(url: string, token: string) {
  const res = await fetch(`${url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as { username: string; role: string; workshopIds: string[] } };
}

async function signIn(url: string, username: string, password: string): Promise<number> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('npm start (scripts/start.js)', () => {
  it('prints a login per role and a curl line that reads stored readings; Ctrl-C stops every process', async () => {
    requireBinary('curl', 'curl');
    const dir = await tempDir('gongbang-npm-start-');
    cleanup.push(dir.remove);
    const { demo, port } = await startDemoOnFreePort(dir.dir);
    const url = `http://127.0.0.1:${port}`;

    const { curl, logins } = await printed(demo);
    expect(curl).toContain(`${url}/api/v1/readings?workshop=ws-demo`);
    expect(logins.map((l) => l.role)).toEqual(['admin', 'evaluator', 'technician', 'owner']);

    // The printed line works as pasted, and gets the demo agent's readings out of the store.
    const readings = await waitFor('the curl line to return readings', async () => {
      const r = await curlReadings(curl);
      return r.length > 0 && r;
    });
    expect(readings[0]).toMatchObject({ agent: 'demo-agent-1' });

    // Every printed login is that role's, by token and by password.
    for (const l of logins) {
      const who = await me(url, l.token);
      expect(who).toMatchObject({ status: 200, body: { username: l.username, role: l.role } });
      if (l.role === 'technician' || l.role === 'owner') expect(who.body.workshopIds).toEqual(['ws-demo']);
      expect(await signIn(url, l.username, l.password)).toBe(200);
    }
    expect(statSync(path.join(dir.dir, 'demo-logins.json')).mode & 0o777).toBe(0o600);

    // The printed dashboard address serves the built page.
    expect(demo.output()).toContain(`dashboard: ${url}/`);
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);

    // The live devices deliver on their real interfaces (socat is installed here).
    expect(demo.output()).toMatch(/live-meter: Modbus TCP 127\.0\.0\.1:\d+/);
    expect(demo.output()).toMatch(/live-scanner: socat/);
    // The simulated programme is backfilled through real agents, and the evaluator sees it.
    await waitFor('the programme backfill to finish', () => demo.output().includes('simulated programme done'), {
      timeoutMs: 90_000,
    });
    const evaluator = logins.find((l) => l.role === 'evaluator')!;
    const programme = await fetch(`${url}/api/v1/programme/kpis?from=2026-01-01`, {
      headers: { authorization: `Bearer ${evaluator.token}` },
    });
    expect(programme.status).toBe(200);
    const ids = ((await programme.json()) as { workshops: { id: string }[] }).workshops.map((w) => w.id);
    expect(ids).toEqual(expect.arrayContaining(['sim1-001', 'sim1-002', 'sim1-003', 'ws-demo']));

    // Ctrl-C in a terminal signals the whole foreground process group.
    process.kill(-demo.child.pid!, 'SIGINT');
    expect(await demo.exited).toBe(0);
    expect(groupAlive(demo.child.pid!)).toBe(false);
    expect(await canConnect(port)).toBe(false);
  }, 150_000);

  it('a later start keeps working logins, issues again one that stopped working, and stops on SIGTERM', async () => {
    const dir = await tempDir('gongbang-npm-start-again-');
    cleanup.push(dir.remove);
    const { demo: first, port } = await startDemoOnFreePort(dir.dir);
    const url = `http://127.0.0.1:${port}`;
    const before = (await printed(first)).logins;
    process.kill(first.child.pid!, 'SIGINT'); // the script alone: it stops its children itself
    expect(await first.exited).toBe(0);
    expect(groupAlive(first.child.pid!)).toBe(false);

    // The owner's saved password no longer signs in (as if changed through the API).
    const file = path.join(dir.dir, 'demo-logins.json');
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { logins: Login[] };
    saved.logins.find((l) => l.role === 'owner')!.password = 'not-the-password';
    writeFileSync(file, JSON.stringify(saved));

    const second = startDemo(dir.dir, port);
    const { curl, logins: after } = await printed(second);
    const byRole = (ls: Login[], role: string) => ls.find((l) => l.role === role)!;
    for (const role of ['admin', 'evaluator', 'technician']) expect(byRole(after, role)).toEqual(byRole(before, role));
    const owner = byRole(after, 'owner');
    expect(owner.password).not.toBe(byRole(before, 'owner').password);
    expect(await signIn(url, 'demo-owner', owner.password)).toBe(200);
    expect(curl).toContain(owner.token);
    // The newly issued token reads the readings.
    await waitFor('the curl line to return readings', async () => (await curlReadings(curl)).length > 0);

    process.kill(second.child.pid!, 'SIGTERM');
    expect(await second.exited).toBe(0);
    expect(groupAlive(second.child.pid!)).toBe(false);
  }, 240_000);

  it('SIGINT while the demo users are being set up stops every process, the admin CLI runs too, and the next start finishes the setup', async () => {
    const dir = await tempDir('gongbang-npm-start-early-');
    cleanup.push(dir.remove);
    const { demo: early, port } = await startDemoOnFreePort(dir.dir);
    // The agent line comes right before the admin CLI runs that register the demo users.
    await waitFor(
      'npm start to start the agent',
      () => {
        if (early.child.exitCode !== null)
          throw new GiveUp(`npm start exited ${early.child.exitCode}:\n${early.output()}`);
        return /agent demo-agent-1/.test(early.output());
      },
      { timeoutMs: 90_000 },
    );
    // Only the script is signalled (as by `kill`): it must stop the admin CLI runs itself.
    process.kill(early.child.pid!, 'SIGINT');
    expect(await early.exited).toBe(0);
    expect(early.output()).not.toContain('curl -H'); // it was stopped during the setup
    expect(groupAlive(early.child.pid!)).toBe(false);

    const again = startDemo(dir.dir, port);
    const { curl, logins } = await printed(again);
    expect(logins).toHaveLength(4);
    await waitFor('the curl line to return readings', async () => (await curlReadings(curl)).length > 0);
    process.kill(-again.child.pid!, 'SIGINT');
    expect(await again.exited).toBe(0);
    expect(groupAlive(again.child.pid!)).toBe(false);
  }, 240_000);
});
