import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type FreePortsOptions, onFreePorts, waitListening } from './ports.js';
import { type ManagedProcess, requireBinary, startProcess, tempDir } from './util.js';

/** A Mosquitto of the test's own, on a free port (the system one on 1883 is left alone). */
export interface MosquittoServer {
  url: string;
  port: number;
  /** The ports given to `extraConfig`, in order (e.g. a TLS listener). */
  extraPorts: number[];
  process: ManagedProcess;
  close: () => Promise<void>;
}

export interface MosquittoOptions extends FreePortsOptions {
  /** More mosquitto.conf lines; as a function it gets `extraPorts` free ports for more listeners. */
  extraConfig?: string | ((ports: number[]) => string);
  /** How many free ports `extraConfig` needs (default 0). */
  extraPorts?: number;
}

/**
 * Starts Mosquitto on picked free ports; when another process takes one before Mosquitto binds
 * it, starts again on new ones (see onFreePorts). Ready once Mosquitto itself listens on all.
 */
export async function startMosquitto(opts: MosquittoOptions = {}): Promise<MosquittoServer> {
  const bin = requireBinary('mosquitto', 'mosquitto');
  return await onFreePorts(
    1 + (opts.extraPorts ?? 0),
    async ([port, ...extraPorts]) => {
      const tmp = await tempDir('gongbang-mosq-');
      const conf = path.join(tmp.dir, 'mosquitto.conf');
      const extra = typeof opts.extraConfig === 'function' ? opts.extraConfig(extraPorts) : (opts.extraConfig ?? '');
      await writeFile(
        conf,
        `listener ${port} 127.0.0.1
allow_anonymous true
persistence false
log_dest stderr
log_type error
${extra}
`,
      );
      const proc = startProcess(bin, ['-c', conf]);
      try {
        await waitListening(proc, 'mosquitto', [port!, ...extraPorts], { timeoutMs: 20_000 });
      } catch (err) {
        await proc.stop();
        await tmp.remove();
        throw err;
      }
      return {
        url: `mqtt://127.0.0.1:${port}`,
        port: port!,
        extraPorts,
        process: proc,
        close: async () => {
          await proc.stop();
          await tmp.remove();
        },
      };
    },
    opts,
  );
}

/** mosquitto_pub from Debian's mosquitto-clients, required for client-interop tests. */
export function mosquittoPubPath(): string {
  return requireBinary('mosquitto_pub', 'mosquitto-clients');
}
