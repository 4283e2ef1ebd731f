import path from 'node:path';
import type { CollectorConfig } from '../config/index.js';
import { type CheckLogger, withDatabaseCheck } from './influx/checked-store.js';
import { InfluxStore, type StoreLogger } from './influx-store.js';
import { SqliteStore } from './sqlite-store.js';
import type { TimeSeriesStore } from './types.js';

/**
 * The store the config names: SQLite in `<dataDir>/readings.db` (default) or InfluxDB, whose
 * database is checked (and created when `createDatabase` allows) at start and by /readyz.
 */
export function createStore(config: Readonly<CollectorConfig>, logger?: StoreLogger & CheckLogger): TimeSeriesStore {
  const s = config.store;
  if (s.type === 'sqlite') {
    return new SqliteStore({ file: path.join(config.dataDir, 'readings.db'), synchronous: s.synchronous });
  }
  return withDatabaseCheck(new InfluxStore({ ...s, logger }), { ...s, logger });
}
