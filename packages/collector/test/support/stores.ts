import path from 'node:path';
import { startInfluxDB, startVictoriaMetrics, tempDir } from '@gongbang/harness';
import { InfluxStore, SqliteStore, type TimeSeriesStore } from '../../src/store/index.js';

/** What the contract suite sees of a stored reading when it reads back through the backend itself. */
export interface Seen {
  workshop: string;
  agent: string;
  source: string;
  kind: string;
  seq: number;
  ts: number;
}

/** A store under test on a real backend, and a way to see what the backend holds. */
export interface StoreTarget {
  store: TimeSeriesStore;
  /** Every stored reading of a workshop, as the backend holds it, sorted by (agent, seq, ts). */
  seen: (workshop: string) => Promise<Seen[]>;
  /** Whether the store answers queries (VictoriaMetrics does not speak InfluxQL). */
  readable: boolean;
  /** Makes the backend unreachable and brings it back (for outage tests). */
  stopBackend?: () => Promise<void>;
  restartBackend?: () => Promise<void>;
  close: () => Promise<void>;
}

const bySeq = (a: Seen, b: Seen) => (a.agent < b.agent ? -1 : a.agent > b.agent ? 1 : a.seq - b.seq || a.ts - b.ts);

async function seenThroughQuery(store: TimeSeriesStore, workshop: string): Promise<Seen[]> {
  const out: Seen[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.query({ workshopId: workshop, fromMs: 0, toMs: 4_102_444_800_000, limit: 5000, cursor });
    for (const s of page.readings) {
      const r = s.reading;
      out.push({ workshop: s.workshopId, agent: s.agentId, source: r.source, kind: r.kind, seq: r.seq, ts: r.ts });
    }
    cursor = page.next;
  } while (cursor);
  return out.sort(bySeq);
}

export async function sqliteTarget(): Promise<StoreTarget> {
  const tmp = await tempDir('gb-sqlite-store-');
  const store = new SqliteStore({ file: path.join(tmp.dir, 'readings.db') });
  await store.start();
  return {
    store,
    readable: true,
    seen: (w) => seenThroughQuery(store, w),
    close: async () => {
      await store.stop();
      await tmp.remove();
    },
  };
}

/** InfluxStore in v1 mode on a real InfluxDB 1.6 (Debian `influxdb`). */
export async function influxV1Target(): Promise<StoreTarget> {
  const influx = await startInfluxDB();
  await influx.createDatabase('gongbang');
  const store = new InfluxStore({ url: influx.url, api: 'v1', database: 'gongbang', timeoutMs: 5000 });
  await store.start();
  return {
    store,
    readable: true,
    seen: async (w) => {
      // Read the raw points through InfluxQL directly, not through the store under test.
      const res = await influx.query(`SELECT "seq" FROM /^gb_/ WHERE "workshop" = '${w}' GROUP BY *`, 'gongbang');
      const out: Seen[] = [];
      for (const s of res.results[0]?.series ?? []) {
        for (const [time, seq] of s.values as Array<[number, number]>) {
          const t = s.tags ?? {};
          out.push({ workshop: w, agent: t.agent!, source: t.source!, kind: s.name.slice(3), seq, ts: time });
        }
      }
      return out.sort(bySeq);
    },
    stopBackend: () => influx.stopOnly(),
    restartBackend: () => influx.restart(),
    close: async () => {
      await store.stop();
      await influx.close();
    },
  };
}

/** InfluxStore in v2 mode writing to a real VictoriaMetrics, checked through its export API. */
export async function victoriaTarget(): Promise<StoreTarget> {
  const vm = await startVictoriaMetrics();
  const store = new InfluxStore({ url: vm.url, api: 'v2', org: 'gb', bucket: 'gongbang', timeoutMs: 5000 });
  await store.start();
  return {
    store,
    readable: false,
    seen: async (w) => {
      // Each point's numeric `seq` field becomes the series gb_<kind>_seq with the tags as labels.
      const kinds = 'scan|measurement|machine_state|count|gap|health';
      const lines = await vm.exportSeries(`{__name__=~"gb_(${kinds})_seq",workshop="${w}"}`);
      const out: Seen[] = [];
      for (const l of lines) {
        const kind = l.metric.__name__!.replace(/^gb_/, '').replace(/_seq$/, '');
        const seen = new Set<string>();
        l.values.forEach((seq, i) => {
          const ts = l.timestamps[i]!;
          // VictoriaMetrics keeps a replayed sample (same series, time and value) twice until its
          // deduplication (-dedup.minScrapeInterval) merges them; InfluxDB overwrites the point.
          if (seen.has(`${seq}@${ts}`)) return;
          seen.add(`${seq}@${ts}`);
          out.push({ workshop: w, agent: l.metric.agent!, source: l.metric.source!, kind, seq, ts });
        });
      }
      return out.sort(bySeq);
    },
    close: async () => {
      await store.stop();
      await vm.close();
    },
  };
}
