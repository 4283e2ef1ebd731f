import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  canConnect,
  freePort,
  groupListensOn,
  listensOn,
  onFreePorts,
  PortTakenError,
  requireBinary,
  startMosquitto,
  startProcess,
  tempDir,
  waitFor,
  waitListening,
} from './index.js';

/** A listener of the test process on a kernel-chosen port: "another process" holding a port. */
async function holdPort(): Promise<{ port: number; close: () => Promise<void> }> {
  const srv = net.createServer((s) => s.destroy());
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (srv.address() as net.AddressInfo).port;
  return { port, close: () => new Promise<void>((r) => srv.close(() => r())) };
}

describe('ports handed to external servers', () => {
  it('tells the process that listens on a port from any other', async () => {
    const held = await holdPort();
    try {
      expect(await listensOn(process.pid, held.port)).toBe(true);
      const sleeper = startProcess('/bin/sleep', ['30']);
      try {
        expect(await listensOn(sleeper.child.pid, held.port)).toBe(false);
      } finally {
        await sleeper.stop();
      }
    } finally {
      await held.close();
    }
    expect(await listensOn(process.pid, held.port)).toBe(false);
  });

  it('finds the listener among the processes of a group (a server started by a script)', async () => {
    const py = `import socket,time\ns=socket.socket()\ns.bind(('127.0.0.1',0))\ns.listen()\nprint(s.getsockname()[1],flush=True)\ntime.sleep(60)`;
    const script = startProcess('/bin/sh', ['-c', `/usr/bin/python3 -c "${py}" & wait`]);
    try {
      const port = Number(
        await waitFor('the grandchild to print its port', () => /^(\d+)$/m.exec(script.output())?.[1]),
      );
      await waitFor('the grandchild to listen', () => groupListensOn(script.child.pid!, port));
      expect(await listensOn(script.child.pid, port)).toBe(false); // the shell itself does not
      expect(await groupListensOn(process.pid, port)).toBe(false); // another group does not
    } finally {
      await script.stop();
    }
  });

  it('reports a server started on a taken port as PortTakenError, where "it answers" would have said ready', async () => {
    const held = await holdPort();
    const tmp = await tempDir('gongbang-ports-');
    const conf = `${tmp.dir}/mosquitto.conf`;
    await writeFile(
      conf,
      `listener ${held.port} 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest stderr\n`,
    );
    const proc = startProcess(requireBinary('mosquitto', 'mosquitto'), ['-c', conf]);
    try {
      // The old readiness check: someone answers, so the test would have talked to a stranger.
      expect(await canConnect(held.port)).toBe(true);
      const err = await waitListening(proc, 'mosquitto', [held.port], { timeoutMs: 10_000 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PortTakenError);
      expect((err as PortTakenError).message).toMatch(new RegExp(`mosquitto: port ${held.port} is taken`));
    } finally {
      await proc.stop();
      await held.close();
      await tmp.remove();
    }
  });

  it('starts Mosquitto on other ports when the picked one is taken before it binds', async () => {
    const held = await holdPort();
    const picks = [held.port];
    try {
      const mosq = await startMosquitto({ pickPort: async () => picks.shift() ?? (await freePort()) });
      try {
        expect(mosq.port).not.toBe(held.port);
        expect(await listensOn(mosq.process.child.pid, mosq.port)).toBe(true);
      } finally {
        await mosq.close();
      }
    } finally {
      await held.close();
    }
  });

  it('gives up after the given attempts, naming every taken port', async () => {
    let tries = 0;
    const err = await onFreePorts(
      1,
      async ([p]) => {
        tries++;
        throw new PortTakenError('a server', p, 'address already in use');
      },
      { attempts: 3 },
    ).catch((e: unknown) => e as Error);
    expect(tries).toBe(3);
    expect(err.message).toMatch(/^no free port after 3 attempts:\n.*a server: port \d+ is taken/);
  });
});
