import { ApiErrorSchema, type IngestAck, IngestAckSchema, type Reading, WIRE_VERSION } from '@gongbang/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CollectorConfig } from '../config/index.js';
import { HttpError, rateLimitError } from '../core/index.js';
import { errorCodeOf } from '../http/errors.js';
import type { TimeSeriesStore, WriteResult } from '../store/index.js';
import type { CollectorMetrics } from '../telemetry/index.js';
import { installIngestBodyHandling } from './body.js';
import { checkReadings } from './check.js';
import { toRanges } from './ranges.js';
import { IngestBodySchema, MAX_BATCH_READINGS } from './schema.js';

export interface IngestRouteOptions {
  store: TimeSeriesStore;
  metrics: CollectorMetrics;
  config: Readonly<CollectorConfig>;
  /** Clock, UTC ms (tests pass a fixed one). */
  now: () => number;
  /**
   * Called after the store acknowledged a batch, with every accepted reading (duplicates too):
   * the KPI engine marks the days they fall on. If it throws, the batch is answered 503 and the
   * agent sends it again, so a mark is never lost to an acknowledged batch.
   */
  onStored?: (workshopId: string, readings: readonly Reading[]) => Promise<void>;
}

const DAY_MS = 86_400_000;

/** POST /api/v1/ingest: validates a batch, stores what is valid, acknowledges only after the write. */
export async function ingestRoutes(app: FastifyInstance, opts: IngestRouteOptions): Promise<void> {
  const { store, metrics, config, now } = opts;
  installIngestBodyHandling(app);
  app.addHook('onResponse', async (_request, reply) => {
    metrics.batches.inc({ status: String(reply.statusCode) });
    if (reply.statusCode >= 400) metrics.rejects.inc({ reason: errorCodeOf(reply) ?? `http_${reply.statusCode}` });
  });
  const log = app.log.child({ component: 'ingest' });
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/v1/ingest',
    {
      bodyLimit: config.server.bodyLimitBytes,
      config: {
        access: 'agent',
        rateLimit: {
          max: config.ingest.rateLimitMax,
          timeWindow: config.ingest.rateLimitWindowS * 1000,
          hook: 'preParsing',
          keyGenerator: (req: FastifyRequest) => `agent:${req.agentIdentity?.agentId ?? req.ip}`,
          errorResponseBuilder: rateLimitError,
        },
      },
      preValidation: async (request) => {
        const v = (request.body as { v?: unknown } | null)?.v;
        if (v !== undefined && v !== WIRE_VERSION) {
          throw new HttpError(
            'unsupported_version',
            `wire version ${String(JSON.stringify(v)).slice(0, 40)} is not supported; this collector speaks v${WIRE_VERSION}`,
          );
        }
      },
      schema: {
        summary: 'Deliver a batch of readings (agents)',
        description:
          'Stores the valid readings idempotently by (agentId, seq) and acknowledges only after the store write. See docs/wire-protocol.md.',
        body: IngestBodySchema,
        response: { 200: IngestAckSchema, '4xx': ApiErrorSchema, '5xx': ApiErrorSchema },
      },
    },
    async (request): Promise<IngestAck> => {
      const agent = request.agentIdentity;
      if (!agent) throw new HttpError('unauthorized', 'no agent identity on this request');
      const body = request.body;
      if (body.agentId !== agent.agentId) {
        throw new HttpError('forbidden', `this token belongs to agent ${agent.agentId}, not ${body.agentId}`);
      }
      if (body.readings.length > MAX_BATCH_READINGS) {
        throw new HttpError('too_large', `${body.readings.length} readings: at most ${MAX_BATCH_READINGS} per batch`);
      }
      const t = now();
      const checked = checkReadings(body, {
        notBeforeMs: t - config.retentionDays * DAY_MS,
        notAfterMs: t + config.ingest.maxFutureSkewS * 1000,
      });
      if (!checked.ok) {
        const { issues } = checked;
        const shown = issues.slice(0, 20).map((i) => `${i.path}: ${i.message}`);
        throw new HttpError('invalid_batch', shown.join('; '), { issues: issues.slice(0, 100) });
      }
      let result: WriteResult = { stored: [], duplicates: [] };
      if (checked.accepted.length > 0) {
        const end = metrics.storeLatency.startTimer({ store: store.name });
        try {
          result = await store.write(agent.workshopId, agent.agentId, checked.accepted);
          end({ result: 'ok' });
          if (result.commitBatches !== undefined)
            metrics.commitBatches.observe({ store: store.name }, result.commitBatches);
        } catch (err) {
          end({ result: 'error' });
          throw err;
        }
      }
      if (opts.onStored && checked.accepted.length > 0) {
        try {
          await opts.onStored(agent.workshopId, checked.accepted);
        } catch (err) {
          log.error(
            { err, agentId: agent.agentId, batchId: body.batchId },
            'could not mark the KPI days of a stored batch',
          );
          throw new HttpError(
            'registry_unavailable',
            'the batch was stored but its KPI days could not be marked; send it again',
            {
              retryAfterS: config.ingest.retryAfterS,
            },
          );
        }
      }
      metrics.readings.inc({ outcome: 'stored' }, result.stored.length);
      metrics.readings.inc({ outcome: 'duplicate' }, result.duplicates.length);
      metrics.readings.inc({ outcome: 'rejected' }, checked.rejected.length);
      for (const r of checked.rejected) metrics.rejects.inc({ reason: r.code });
      if (checked.rejected.length > 0) {
        log.info(
          { agentId: agent.agentId, batchId: body.batchId, rejected: checked.rejected.slice(0, 5) },
          'readings rejected',
        );
      }
      return {
        v: 1,
        batchId: body.batchId,
        stored: toRanges(result.stored),
        duplicates: toRanges(result.duplicates),
        rejected: checked.rejected,
        serverTime: now(),
      };
    },
  );
}
