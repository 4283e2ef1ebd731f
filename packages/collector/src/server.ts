import type { FastifyInstance } from 'fastify';
import { type BuildAppOptions, buildApp } from './app.js';
import { scheduleRetention } from './store/index.js';

/** A running collector. */
export interface RunningServer {
  app: FastifyInstance;
  /** `http://host:port` it listens on. */
  url: string;
  /** Stops accepting, finishes requests in flight, closes the store. */
  close: () => Promise<void>;
}

/** Builds the app, listens on the configured host and port, and runs retention. */
export async function startServer(opts: BuildAppOptions): Promise<RunningServer> {
  const app = await buildApp(opts);
  const { host, port } = opts.config.server;
  await app.listen({ host, port });
  const addr = app.server.address();
  const actualPort = typeof addr === 'object' && addr ? addr.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  const log = app.log.child({ component: 'retention' });
  const stopRetention = opts.store
    ? () => {}
    : scheduleRetention(app.readingsStore, {
        retentionDays: opts.config.retentionDays,
        onError: (err) => log.warn({ err }, 'retention failed'),
        onDeleted: (n) => {
          if (n) log.info({ deleted: n }, 'retention deleted old readings');
        },
      });
  let closing: Promise<void> | undefined;
  return {
    app,
    url,
    close: () => {
      closing ??= (async () => {
        stopRetention();
        await app.close();
      })();
      return closing;
    },
  };
}

/**
 * Runs the collector as a process: stops cleanly on SIGINT/SIGTERM (in-flight requests
 * finish, the store closes), then exits.
 */
export async function runServer(opts: BuildAppOptions, onListening?: (url: string) => void): Promise<void> {
  const server = await startServer(opts);
  onListening?.(server.url);
  await new Promise<void>((resolve) => {
    let stopping = false;
    // Ctrl-C in a terminal signals the whole process group, so a parent (npm start) and the
    // terminal may both send SIGINT: the second one must not cut the graceful close short.
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      server.app.log.info({ signal }, 'stopping');
      server
        .close()
        .catch((err) => server.app.log.error({ err }, 'error while stopping'))
        .finally(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
