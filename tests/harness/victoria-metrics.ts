import { type FreePortsOptions, onFreePorts, waitListening } from './ports.js';
import { type ManagedProcess, requireBinary, startProcess, tempDir } from './util.js';

/** A throwaway VictoriaMetrics (Debian `victoria-metrics`), which accepts the InfluxDB v2 write API. */
export interface VictoriaMetricsServer {
  url: string;
  port: number;
  process: ManagedProcess;
  /** Makes freshly written samples visible to queries and exports at once. */
  flush: () => Promise<void>;
  /** Every series matching `match` (e.g. `{__name__=~"gb_.*"}`), from /api/v1/export as parsed JSON lines. */
  exportSeries: (match: string) => Promise<VmExportLine[]>;
  close: () => Promise<void>;
}

export interface VmExportLine {
  metric: Record<string, string>;
  values: number[];
  timestamps: number[];
}

export async function startVictoriaMetrics(opts: FreePortsOptions = {}): Promise<VictoriaMetricsServer> {
  const bin = requireBinary('victoria-metrics', 'victoria-metrics');
  const { port, url, tmp, proc } = await onFreePorts(
    1,
    async ([port]) => {
      const tmp = await tempDir('gongbang-vm-');
      const url = `http://127.0.0.1:${port}`;
      const proc = startProcess(bin, [
        `-storageDataPath=${tmp.dir}`,
        `-httpListenAddr=127.0.0.1:${port}`,
        '-retentionPeriod=100y',
        '-search.disableCache',
        '-loggerLevel=ERROR',
      ]);
      try {
        await waitListening(proc, 'victoria-metrics', [port!], {
          timeoutMs: 30_000,
          ready: async () => (await fetch(`${url}/health`)).ok,
        });
      } catch (err) {
        await proc.stop();
        await tmp.remove();
        throw err;
      }
      return { port: port!, url, tmp, proc };
    },
    opts,
  );
  return {
    url,
    port,
    process: proc,
    flush: async () => {
      await fetch(`${url}/internal/force_flush`);
    },
    exportSeries: async (match) => {
      await fetch(`${url}/internal/force_flush`);
      const r = await fetch(`${url}/api/v1/export?${new URLSearchParams({ 'match[]': match, start: '0' })}`);
      if (!r.ok) throw new Error(`export failed: ${r.status} ${await r.text()}`);
      const text = await r.text();
      return text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as VmExportLine);
    },
    close: async () => {
      await proc.stop();
      await tmp.remove();
    },
  };
}
