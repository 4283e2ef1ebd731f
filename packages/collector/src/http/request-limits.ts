import type { FastifyInstance, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { CollectorConfig } from '../config/index.js';
import { HttpError } from '../core/index.js';
import { sendError } from './errors.js';
import { installJsonBodyParser } from './json-body.js';

/**
 * Body limit of public routes (login, enrollment, health), bytes: what a stranger may make the
 * collector buffer and parse. Their bodies are a few hundred bytes.
 */
export const PUBLIC_BODY_LIMIT_BYTES = 16 * 1024;

/** Body limit of signed-in users' and agents' routes other than ingest (configs, users), bytes. */
export const USER_BODY_LIMIT_BYTES = 1024 * 1024;

/** Whether a request announces a body (a length above zero, or chunked). */
const hasBody = (request: FastifyRequest): boolean =>
  request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;

/**
 * Fastify server options of the HTTP edge: the default body limit and the timeouts that stop
 * slow or stalled senders from holding connections (issue #10). Node 20 applies
 * `requestTimeout` only when given to the http.Server constructor (Fastify sets it afterwards,
 * which has no effect), and checks it every `connectionsCheckingInterval` (default 30 s), so
 * both go in `http` too.
 */
export function httpEdgeServerOptions(
  server: Pick<CollectorConfig['server'], 'requestTimeoutMs' | 'idleTimeoutMs'>,
): Pick<FastifyServerOptions, 'bodyLimit' | 'requestTimeout' | 'connectionTimeout'> & { http: object } {
  const requestTimeout = server.requestTimeoutMs;
  return {
    bodyLimit: USER_BODY_LIMIT_BYTES,
    requestTimeout,
    connectionTimeout: server.idleTimeoutMs,
    http: {
      requestTimeout,
      headersTimeout: Math.min(60_000, requestTimeout),
      connectionsCheckingInterval: Math.min(30_000, Math.ceil(requestTimeout / 4)),
    },
  };
}

/**
 * The HTTP edge, installed on the root instance before any route:
 * - every route that sets no `bodyLimit` gets one by its access: public routes
 *   {@link PUBLIC_BODY_LIMIT_BYTES}, the others {@link USER_BODY_LIMIT_BYTES} (ingest sets its
 *   own, `server.bodyLimitBytes`);
 * - a request with a body for a route that does not exist answers 404 at once, before the body
 *   is read or parsed (a forwarder posting to a doubled `/api/v1/api/v1/ingest` got 400 from the
 *   JSON parser, issue #10), and the connection closes so the unread body is not waited for;
 * - JSON bodies go through http/json-body.ts (depth, UTF-8, prototype-poisoning keys).
 */
export function installHttpEdge(app: FastifyInstance): void {
  installJsonBodyParser(app);
  app.addHook('onRoute', (route) => {
    if (route.bodyLimit !== undefined) return;
    const access = (route.config as { access?: unknown } | undefined)?.access;
    // Undeclared access is refused at startup or made public (docs): treat it as public.
    route.bodyLimit = access === undefined || access === 'public' ? PUBLIC_BODY_LIMIT_BYTES : USER_BODY_LIMIT_BYTES;
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!request.is404 || !hasBody(request)) return;
    reply.header('connection', 'close');
    return sendError(reply, new HttpError('not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
  });
}
