import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type FreePortsOptions, onFreePorts, waitListening } from './ports.js';
import { type ManagedProcess, requireBinary, startProcess, tempDir } from './util.js';

/** A throwaway InfluxDB 1.x (Debian `influxdb`, v1 API) on free ports in a temp dir. */
export interface InfluxServer {
  url: string;
  port: number;
  dataDir: string;
  process: ManagedProcess;
  /** Runs InfluxQL through /query and returns the parsed JSON. */
  query: (q: string, db?: string) => Promise<InfluxQueryResult>;
  createDatabase: (db: string) => Promise<void>;
  /** Stops the server but keeps its data, so `restart()` brings the same data back. */
  stopOnly: () => Promise<void>;
  restart: () => Promise<void>;
  close: () => Promise<void>;
}

export interface InfluxQueryResult {
  results: Array<{
    statement_id: number;
    error?: string;
    series?: Array<{ name: string; tags?: Record<string, string>; columns: string[]; values: unknown[][] }>;
  }>;
  error?: string;
}

export interface InfluxOptions extends FreePortsOptions {
  /** CPUs the server may run on, as `taskset -c` takes them (e.g. `0`); benchmarks give it a core of its own. */
  cpus?: string;
}

export async function startInfluxDB(opts: InfluxOptions = {}): Promise<InfluxServer> {
  const influxd = requireBinary('influxd', 'influxdb');
  const taskset = opts.cpus === undefined ? undefined : requireBinary('taskset', 'util-linux');
  const started = await onFreePorts(
    2,
    async ([port, rpcPort]) => {
      const tmp = await tempDir('gongbang-influx-');
      const conf = path.join(tmp.dir, 'influxdb.conf');
      await writeFile(conf, influxConfig(tmp.dir, port!, rpcPort!));
      const url = `http://127.0.0.1:${port}`;
      const launch = async () => {
        const proc = taskset
          ? startProcess(taskset, ['-c', opts.cpus!, influxd, '-config', conf])
          : startProcess(influxd, ['-config', conf]);
        try {
          // taskset execs influxd, so the pid that must hold both ports is the one spawned.
          await waitListening(proc, 'influxd', [port!, rpcPort!], {
            timeoutMs: 30_000,
            ready: async () => (await fetch(`${url}/ping`)).status === 204,
          });
        } catch (err) {
          await proc.stop();
          throw err;
        }
        return proc;
      };
      try {
        return { port: port!, url, tmp, launch, proc: await launch() };
      } catch (err) {
        await tmp.remove();
        throw err;
      }
    },
    opts,
  );
  const { port, url, tmp, launch } = started;
  let proc = started.proc;
  const query = async (q: string, db?: string): Promise<InfluxQueryResult> => {
    const body = new URLSearchParams({ q, epoch: 'ms' });
    if (db) body.set('db', db);
    const r = await fetch(`${url}/query`, { method: 'POST', body });
    const json = (await r.json()) as InfluxQueryResult;
    if (!r.ok || json.error) throw new Error(`InfluxQL failed (${r.status}): ${json.error ?? ''} for ${q}`);
    return json;
  };
  return {
    url,
    port,
    dataDir: tmp.dir,
    get process() {
      return proc;
    },
    query,
    createDatabase: async (db) => {
      await query(`CREATE DATABASE "${db}"`);
    },
    stopOnly: async () => {
      await proc.stop();
    },
    restart: async () => {
      await proc.stop();
      proc = await launch();
    },
    close: async () => {
      await proc.stop();
      await tmp.remove();
    },
  };
}

function influxConfig(dir: string, port: number, rpcPort: number): string {
  return `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"
[meta]
  dir = "${dir}/meta"
[data]
  dir = "${dir}/data"
  wal-dir = "${dir}/wal"
  query-log-enabled = false
[monitor]
  store-enabled = false
[http]
  enabled = true
  bind-address = "127.0.0.1:${port}"
  log-enabled = false
[continuous_queries]
  enabled = false
`;
}
