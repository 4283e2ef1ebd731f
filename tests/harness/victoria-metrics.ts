import { assertAlive, freePort, type ManagedProcess, requireBinary, startProcess, tempDir, waitFor } from './util.js';

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

export async function startVictoriaMetrics(): Promise<VictoriaMetricsServer> {
  const bin = requireBinary('victoria-metrics', 'victoria-metrics');
  const tmp = await tempDir('gongbang-vm-');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = startProcess(bin, [
    `-storageDataPath=${tmp.dir}`,
    `-httpListenAddr=127.0.0.1:${port}`,
    '-retentionPeriod=100y',
    '-search.disableCache',
    '-loggerLevel=ERROR',
  ]);
  try {
    await waitFor(
      `victoria-metrics on ${url}/health`,
      async () => {
        assertAlive(proc, 'victoria-metrics');
        const r = await fetch(`${url}/health`);
        return r.ok;
      },
      { timeoutMs: 30_000 },
    );
  } catch (err) {
    await proc.stop();
    await tmp.remove();
    throw new Error(`${(err as Error).message}\n${proc.output()}`);
  }
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
