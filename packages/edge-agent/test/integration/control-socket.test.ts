import { execFile, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { cleanupAfterEach, tempDir, waitFor } from '@gongbang/harness';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentConfigSchema } from '../../src/config/index.js';
import {
  AgentBusyError,
  askAgent,
  CONTROL_SOCKET_FILE,
  ControlServer,
  controlRequest,
  controlSocketPath,
} from '../../src/control/index.js';
import { DEFAULT_SPOOL_OPTIONS, SqliteSpool } from '../../src/spool/index.js';
import { AGENT_BIN } from '../support/agent-process.js';
import { measurement, silentLogger } from '../support/drafts.js';

const cleanups = cleanupAfterEach(afterEach);
const run = promisify(execFile);

/** Runs the built `gongbang-agent` and returns what it printed. */
async function cliOut(args: string[]): Promise<string> {
  const { stdout, stderr } = await run(process.execPath, [AGENT_BIN, ...args]);
  return stdout + stderr;
}

/** A real spool file with `n` readings, the first `dead` of them parked as dead letters. */
async function spoolWithDeadLetters(dir: string, n: number, dead: number): Promise<SqliteSpool> {
  mkdirSync(dir, { recursive: true });
  const spool = new SqliteSpool(
    { ...DEFAULT_SPOOL_OPTIONS, file: path.join(dir, 'spool.db') },
    { logger: silentLogger() },
  );
  await spool.start();
  const seqs = Array.from({ length: n }, (_, i) => spool.append(measurement(i)));
  spool.flush();
  spool.deadLetter(seqs.slice(0, dead), 'not_found', 'HTTP 404');
  return spool;
}

/** Sends raw bytes and returns the one-line answer. */
async function raw(socketPath: string, text: string): Promise<Record<string, unknown>> {
  return await new Promise((resolve, reject) => {
    const s = net.connect(socketPath, () => s.end(text));
    let out = '';
    s.setEncoding('utf8');
    s.on('data', (c: string) => {
      out += c;
    });
    // The agent may answer and close before a too-long request is fully written (EPIPE here).
    s.on('close', () => (out ? resolve(JSON.parse(out)) : reject(new Error('closed without an answer'))));
    s.on('error', () => {});
  });
}

describe('the agent control socket', () => {
  it('is private to the agent user, refuses bad requests without falling over, and resends on the live spool', async () => {
    const tmp = await tempDir('gb-control-');
    cleanups.push(tmp.remove);
    const spool = await spoolWithDeadLetters(tmp.dir, 5, 3);
    cleanups.push(() => spool.stop());
    const socketPath = path.join(tmp.dir, CONTROL_SOCKET_FILE);
    writeFileSync(socketPath, 'left over by a killed agent');
    const server = new ControlServer(socketPath, spool, silentLogger());
    await server.start();
    cleanups.push(() => server.stop());
    expect(statSync(socketPath).mode & 0o777).toBe(0o600);

    expect(await raw(socketPath, 'not json\n')).toMatchObject({ ok: false, error: 'request is not JSON' });
    expect(await raw(socketPath, '{"op":"drop-table"}\n')).toMatchObject({ ok: false });
    expect(await raw(socketPath, '{"op":"dead-letters.resend","seqs":["1 OR 1=1"]}\n')).toMatchObject({ ok: false });
    expect(await raw(socketPath, `${'x'.repeat(9 * 1024 * 1024)}`)).toMatchObject({ ok: false });
    expect(spool.stats().deadLetters).toBe(3);

    const listed = await askAgent(socketPath, { op: 'dead-letters.list', limit: 2 });
    expect(listed).toMatchObject({ ok: true, total: 3 });
    expect(listed && 'deadLetters' in listed && listed.deadLetters[0]).toMatchObject({
      seq: 1,
      code: 'not_found',
      source: 'meter-1',
      kind: 'measurement',
    });
    expect(await askAgent(socketPath, { op: 'dead-letters.resend', seqs: [2] })).toEqual({ ok: true, moved: 1 });
    // Two commands at once: each dead letter is moved by exactly one of them.
    const both = await Promise.all([
      askAgent(socketPath, { op: 'dead-letters.resend' }),
      askAgent(socketPath, { op: 'dead-letters.resend' }),
    ]);
    expect(both.map((a) => (a && 'moved' in a ? a.moved : -1)).sort()).toEqual([0, 2]);
    expect(spool.stats()).toMatchObject({ depth: 5, deadLetters: 0 });

    await server.stop();
    expect(await askAgent(socketPath, { op: 'dead-letters.list', limit: 1 })).toBeUndefined();
  });

  it('has no socket when the data folder path is too long for one (Node would bind a truncated path)', async () => {
    const tmp = await tempDir('gb-control-long-');
    cleanups.push(tmp.remove);
    const long = path.join(tmp.dir, 'd'.repeat(120));
    expect(controlSocketPath(long)).toBeUndefined();
    expect(controlSocketPath(tmp.dir)).toBe(path.join(tmp.dir, CONTROL_SOCKET_FILE));
    const config = AgentConfigSchema.parse({ agent: { id: 'ag-long', dataDir: long } });
    expect(await controlRequest(config, { op: 'dead-letters.list', limit: 1 })).toEqual({
      via: 'file',
      answer: { ok: true, total: 0, deadLetters: [] },
    });
  });

  it('leaves a damaged spool file where it is for the agent to handle, with a clear error', async () => {
    const tmp = await tempDir('gb-control-bad-');
    cleanups.push(tmp.remove);
    const file = path.join(tmp.dir, 'spool.db');
    writeFileSync(file, 'not a database at all');
    const config = AgentConfigSchema.parse({ agent: { id: 'ag-bad', dataDir: tmp.dir }, spool: { file } });
    await expect(controlRequest(config, { op: 'dead-letters.resend' })).rejects.toThrow(
      /spool file .*spool.db: file is not a database/,
    );
    expect(readFileSync(file, 'utf8')).toBe('not a database at all');
    expect(readdirSync(tmp.dir)).toEqual(['spool.db']);
  });

  it('works on the spool file when no agent runs, and refuses when one runs without answering', async () => {
    const tmp = await tempDir('gb-control-off-');
    cleanups.push(tmp.remove);
    const spool = await spoolWithDeadLetters(tmp.dir, 4, 2);
    await spool.stop();
    const config = AgentConfigSchema.parse({
      agent: { id: 'ag-off', dataDir: tmp.dir },
      spool: { file: path.join(tmp.dir, 'spool.db') },
    });
    const listed = await controlRequest(config, { op: 'dead-letters.list', limit: 10 });
    expect(listed).toMatchObject({ via: 'file', answer: { ok: true, total: 2 } });
    expect(await controlRequest(config, { op: 'dead-letters.resend' })).toEqual({
      via: 'file',
      answer: { ok: true, moved: 2 },
    });
    const reopened = new SqliteSpool(
      { ...DEFAULT_SPOOL_OPTIONS, file: path.join(tmp.dir, 'spool.db') },
      { logger: silentLogger() },
    );
    await reopened.start();
    expect(reopened.stats()).toMatchObject({ depth: 4, deadLetters: 0 });
    expect(reopened.takeOldest({ maxReadings: 10, maxBytes: 1e6 }).map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    await reopened.stop();

    // Two commands as separate processes on the stopped spool: SQLite serialises them, none moves twice.
    const again = await spoolWithDeadLetters(path.join(tmp.dir, 'two'), 200, 150);
    await again.stop();
    const yaml = path.join(tmp.dir, 'two', 'agent.yaml');
    writeFileSync(yaml, 'agent: { id: ag-two, dataDir: . }\n');
    const outs = await Promise.all(
      [1, 2].map(() => cliOut(['dead-letters', 'resend', '--config', yaml, '--lang', 'en'])),
    );
    const moved = outs.map((o) => Number(/(\d+) reading\(s\) moved/.exec(o)?.[1] ?? Number.NaN));
    expect(
      moved.reduce((a, b) => a + b, 0),
      outs.join('\n'),
    ).toBe(150);
    const check = new SqliteSpool(
      { ...DEFAULT_SPOOL_OPTIONS, file: path.join(tmp.dir, 'two', 'spool.db') },
      { logger: silentLogger() },
    );
    await check.start();
    expect(check.stats()).toMatchObject({ depth: 200, deadLetters: 0 });
    await check.stop();

    // A live process that is an agent (by its command line) but has no control socket.
    const fake = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'gongbang-agent', 'run']);
    cleanups.push(async () => {
      if (fake.exitCode === null) {
        const gone = new Promise((r) => fake.once('exit', r));
        fake.kill();
        await gone;
      }
    });
    await waitFor('the stand-in agent to run', () => fake.pid !== undefined);
    writeFileSync(path.join(tmp.dir, 'agent-status.json'), JSON.stringify({ pid: fake.pid, statusUrl: null }));
    await expect(controlRequest(config, { op: 'dead-letters.resend' })).rejects.toThrow(AgentBusyError);
    // A stale file whose pid is some other program does not block the command.
    writeFileSync(path.join(tmp.dir, 'agent-status.json'), JSON.stringify({ pid: process.pid, statusUrl: null }));
    expect((await controlRequest(config, { op: 'dead-letters.list', limit: 1 })).via).toBe('file');
  });
});
