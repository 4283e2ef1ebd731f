import { IdSchema, READING_KINDS, type Reading } from '@gongbang/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ANY_USER, canSee, HttpError } from '../core/index.js';
import { MAX_QUERY_LIMIT, MAX_TIME_MS, type TimeSeriesStore } from '../store/index.js';
import { readingsToCsv } from './csv.js';

/** A time as UTC ms or an ISO 8601 date-time, from 1970 to 2262 (the stores' range). */
export const TimeParam = z.union([
  z.coerce.number().int().min(0).max(MAX_TIME_MS),
  z.iso
    .datetime({ offset: true })
    .transform((s) => Date.parse(s))
    .pipe(z.number({ message: 'not a real date' }).int().min(0).max(MAX_TIME_MS)),
]);

export const ReadingsQuerySchema = z.strictObject({
  workshop: IdSchema,
  /** Start (inclusive), UTC ms or ISO date-time. Default: 24 hours before `to`. */
  from: TimeParam.optional(),
  /** End (exclusive), UTC ms or ISO date-time. Default: now. */
  to: TimeParam.optional(),
  source: IdSchema.optional(),
  kind: z.enum(READING_KINDS).optional(),
  /** Page size. Default 1,000, at most 10,000. */
  limit: z.coerce.number().int().min(1).max(MAX_QUERY_LIMIT).default(1000),
  /** The `next` of the previous page. */
  cursor: z.string().max(512).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

/** The JSON answer of `GET /api/v1/readings`: each reading with the agent that sent it. */
export interface ReadingsAnswer {
  workshop: string;
  /** The range asked, UTC ms, from inclusive, to exclusive. */
  from: number;
  to: number;
  readings: Array<Reading & { agent: string }>;
  /** The cursor of the next page, or null on the last. */
  next: string | null;
}

export interface ReadingsRouteOptions {
  store: TimeSeriesStore;
  now: () => number;
}

/** GET /api/v1/readings: a workshop's readings by time range, source and kind, paginated, JSON or CSV. */
export async function readingsRoutes(app: FastifyInstance, opts: ReadingsRouteOptions): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/readings',
    {
      config: { access: { roles: ANY_USER } },
      schema: {
        summary: "A workshop's readings by time range, source and kind",
        description:
          'Ordered by (ts, agent, seq). `next` is the cursor of the following page (JSON body, or the X-Next-Cursor header for CSV).',
        querystring: ReadingsQuerySchema,
      },
    },
    async (request, reply) => {
      const q = request.query;
      const user = request.principal;
      // Another workshop looks exactly like one that does not exist.
      if (!user || !canSee(user, q.workshop)) throw new HttpError('not_found', `workshop "${q.workshop}" not found`);
      const toMs = q.to ?? opts.now();
      const fromMs = q.from ?? toMs - 86_400_000;
      if (fromMs >= toMs) throw new HttpError('invalid_request', 'from must be before to');
      // A query the store refuses (bad cursor, …) is answered 400 by the app's error handler.
      const page = await opts.store.query({
        workshopId: q.workshop,
        fromMs,
        toMs,
        source: q.source,
        kind: q.kind,
        limit: q.limit,
        cursor: q.cursor,
      });
      if (q.format === 'csv') {
        if (page.next) reply.header('x-next-cursor', page.next);
        reply.type('text/csv; charset=utf-8');
        return readingsToCsv(page.readings);
      }
      const answer: ReadingsAnswer = {
        workshop: q.workshop,
        from: fromMs,
        to: toMs,
        readings: page.readings.map((s) => ({ agent: s.agentId, ...s.reading })),
        next: page.next ?? null,
      };
      return answer;
    },
  );
}
