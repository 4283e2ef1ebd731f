import type { TimeSeriesStore } from '../types.js';
import { InfluxDatabaseCheck, type InfluxDatabaseCheckOptions, InfluxDatabaseMissingError } from './database-check.js';

/** The levels the database check logs at (pino fits). */
export interface CheckLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Options of {@link withDatabaseCheck}. */
export interface DatabaseCheckOptions extends InfluxDatabaseCheckOptions {
  logger?: CheckLogger;
  /** Pause between attempts while InfluxDB cannot be asked at start, ms. Default 5,000. */
  retryIntervalMs?: number;
}

/**
 * The InfluxDB store with its database checked: `start()` looks once (and creates the database
 * when allowed), and keeps looking in the background while InfluxDB cannot be reached, so a
 * collector started before its InfluxDB still gets its database; `ping()` (what /readyz asks)
 * fails with the command to run while the database is missing. Everything else is the store's.
 */
export function withDatabaseCheck(store: TimeSeriesStore, opts: DatabaseCheckOptions): TimeSeriesStore {
  const check = new InfluxDatabaseCheck(opts);
  const log = opts.logger;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let lastMissing = '';

  /** One look; logs what it found. True when no further look is needed. */
  const attempt = async (): Promise<boolean> => {
    try {
      const state = await check.ensure();
      if (state === 'created') log?.info({ database: check.database }, 'created the InfluxDB database');
      lastMissing = '';
      return true;
    } catch (err) {
      if (err instanceof InfluxDatabaseMissingError) {
        if (err.message !== lastMissing) log?.error({ database: check.database, command: err.command }, err.message);
        lastMissing = err.message;
        // Missing is an answer: /readyz keeps asking and picks up the database once it exists.
        return true;
      }
      log?.warn({ err }, 'cannot check the InfluxDB database yet; trying again');
      return false;
    }
  };
  const retryLater = () => {
    if (stopped) return;
    timer = setTimeout(async () => {
      if (!(await attempt())) retryLater();
    }, opts.retryIntervalMs ?? 5000);
    timer.unref();
  };

  return {
    get name() {
      return store.name;
    },
    async start() {
      stopped = false;
      await store.start();
      if (!(await attempt())) retryLater();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await store.stop();
    },
    async ping() {
      await store.ping();
      // With createDatabase, a database dropped or an InfluxDB replaced while running is created again here.
      if ((await check.ensure()) === 'created')
        log?.info({ database: check.database }, 'created the InfluxDB database');
    },
    write: (workshopId, agentId, readings) => store.write(workshopId, agentId, readings),
    query: (q) => store.query(q),
    aggregate: (q) => store.aggregate(q),
    applyRetention: (cutoffMs) => store.applyRetention(cutoffMs),
  };
}
