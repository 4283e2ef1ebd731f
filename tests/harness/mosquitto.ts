import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  assertAlive,
  canConnect,
  freePort,
  type ManagedProcess,
  requireBinary,
  startProcess,
  tempDir,
  waitFor,
} from './util.js';

/** A Mosquitto of the test's own, on a free port (the system one on 1883 is left alone). */
export interface MosquittoServer {
  url: string;
  port: number;
  process: ManagedProcess;
  close: () => Promise<void>;
}

export async function startMosquitto(opts: { extraConfig?: string } = {}): Promise<MosquittoServer> {
  const bin = requireBinary('mosquitto', 'mosquitto');
  const tmp = await tempDir('gongbang-mosq-');
  const port = await freePort();
  const conf = path.join(tmp.dir, 'mosquitto.conf');
  await writeFile(
    conf,
    `listener ${port} 127.0.0.1
allow_anonymous true
persistence false
log_dest stderr
log_type error
${opts.extraConfig ?? ''}
`,
  );
  const proc = startProcess(bin, ['-c', conf]);
  try {
    await waitFor(`mosquitto on port ${port}`, async () => {
      assertAlive(proc, 'mosquitto');
      return await canConnect(port);
    });
  } catch (err) {
    await proc.stop();
    await tmp.remove();
    throw err;
  }
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    process: proc,
    close: async () => {
      await proc.stop();
      await tmp.remove();
    },
  };
}

/** mosquitto_pub from Debian's mosquitto-clients, required for client-interop tests. */
export function mosquittoPubPath(): string {
  return requireBinary('mosquitto_pub', 'mosquitto-clients');
}
