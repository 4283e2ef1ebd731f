import { spawn } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
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
import { measurement, silentLogger } from '../support/drafts.js';

const cleanups = cleanupAfterEach(afterEach);

/** A real spool file with `n` readings, the first `dead` of them parked as dead letters. */
async function spoolWithDeadLetters(dir: string, n: number, dead: number): Promise<SqliteSpool> {
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
    expect(await askAgent(socketPath, { op: 'dead-letters.resend' })).toEqual({ ok: true, moved: 2 });
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
