import path from 'node:path';
import type { CollectorConfig } from '../config/index.js';
import { InfluxStore, type StoreLogger } from './influx-store.js';
import { SqliteStore } from './sqlite-store.js';
import type { TimeSeriesStore } from './types.js';

/** The store the config names: SQLite in `<dataDir>/readings.db` (default) or InfluxDB. */
export function createStore(config: Readonly<CollectorConfig>, logger?: StoreLogger): TimeSeriesStore {
  const s = config.store;
  if (s.type === 'sqlite') {
    return new SqliteStore({ file: path.join(config.dataDir, 'readings.db'), synchronous: s.synchronous });
  }
  return new InfluxStore({ ...s, logger });
}
