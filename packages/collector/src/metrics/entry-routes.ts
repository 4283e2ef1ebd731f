import { both, IdSchema } from '@gongbang/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ANY_USER, allow, audit, doc, HttpError, parseOrThrow, requirePrincipal } from '../core/index.js';
import { TimeParam } from '../readings/index.js';
import { decodeCsvBody } from './csv-body.js';
import type { ManualEntryRepository } from './manual-entries.js';
import { writeManualEntryCsv } from './manual-entries-csv.js';
import { STOP_REASON_CODES } from './reasons.js';
import type { StopReasonRepository } from './stop-reasons.js';

/** The parts of the registry these routes use (read at request time: the registry starts after routes register). */
type Deps = { manualEntries: ManualEntryRepository; stopReasons: StopReasonRepository };

// Evaluators read what baselines and stop losses were built from; they never change them.
const READ = allow(...ANY_USER);
// The workshop's own figures and stops: its owner, its technicians, and admins.
const WRITE = allow('admin', 'technician', 'owner');
const TAG = 'metrics';
const DAY_MS = 86_400_000;
/** Longest range one listing returns: a year of a small shop's paper log is a few thousand lines. */
export const MAX_LIST_DAYS = 366;

const DaySchema = z.iso.date();
const EntriesQuerySchema = z
  .strictObject({ from: DaySchema, to: DaySchema, format: z.enum(['json', 'csv']).optional() })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'to must not be before from' })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / DAY_MS < MAX_LIST_DAYS, {
    path: ['to'],
    message: `at most ${MAX_LIST_DAYS} days per request`,
  });
const StopsQuerySchema = z.strictObject({
  /** Start (inclusive), UTC ms or ISO date-time. Default: 24 hours before `to`. */
  from: TimeParam.optional(),
  /** End (exclusive), UTC ms or ISO date-time. Default: now. */
  to: TimeParam.optional(),
  machineId: IdSchema.optional(),
});

const describe = (options: ReturnType<typeof doc>, description: string) => ({
  ...options,
  schema: { ...options.schema, description },
});

const wantsCsv = (format: string | undefined, accept: string | undefined): boolean =>
  format === 'csv' || (format === undefined && (accept ?? '').split(',').some((t) => t.trim().startsWith('text/csv')));

type W = { Params: { workshopId: string } };
type E = { Params: { workshopId: string; entryId: string } };

/**
 * Manual entries (the paper log) and stop reasons of a workshop. The access plugin has already
 * answered 404 to anyone asking for a `:workshopId` outside their scope.
 */
export async function entryRoutes(app: FastifyInstance, opts: { registry: Deps }): Promise<void> {
  const { registry } = opts;
  // Only these routes take CSV bodies; the parser stays inside this plugin. Bytes, so the
  // encoding can be told apart (Korean Excel saves CP949).
  app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, decodeCsvBody(body as Buffer));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  app.get<W>(
    '/api/v1/workshops/:workshopId/manual-entries',
    describe(
      doc(READ, 'Manual entries (paper log) of KST days from…to', TAG),
      `Both days included, at most ${MAX_LIST_DAYS}. JSON, or CSV with \`format=csv\` or \`Accept: text/csv\` (the import's columns, then id, entered_by, entered_at).`,
    ),
    async (request, reply) => {
      const q = parseOrThrow(EntriesQuerySchema, request.query);
      const entries = await registry.manualEntries.list(request.params.workshopId, q.from, q.to);
      if (wantsCsv(q.format, request.headers.accept)) {
        reply.type('text/csv; charset=utf-8');
        return writeManualEntryCsv(entries);
      }
      return { workshopId: request.params.workshopId, from: q.from, to: q.to, entries };
    },
  );

  app.post<W>(
    '/api/v1/workshops/:workshopId/manual-entries',
    describe(
      doc(WRITE, 'Add one manual entry', TAG),
      'Body: `{ day, shift?, machineId?, productId?, workerId?, pq, sq?, rq?, workS?, note? }`. The day is a KST date, not in the future; sq + rq ≤ pq; a product must exist.',
    ),
    async (request, reply) => {
      const p = requirePrincipal(request);
      const entry = await registry.manualEntries.add(request.params.workshopId, request.body, p.userId);
      audit(request.log, {
        event: 'manual_entry.create',
        actor: p.username,
        target: { workshopId: request.params.workshopId, entryId: entry.id },
        outcome: 'success',
      });
      return reply.code(201).send(entry);
    },
  );

  app.post<W>(
    '/api/v1/workshops/:workshopId/manual-entries/import',
    describe(
      doc(WRITE, 'Import manual entries from CSV', TAG),
      'Body `text/csv` (UTF-8 or CP949) with a header: `day,shift,machine,product,worker,pq,sq,rq,hours,note` or 날짜,교대,설비,제품,작업자,생산수량,폐기,재작업,작업시간,비고; hours in decimal hours. All or nothing: one bad line stores nothing, and the 400 lists every problem as `line N.column`.',
    ),
    async (request, reply) => {
      const p = requirePrincipal(request);
      if (typeof request.body !== 'string') {
        throw new HttpError('unsupported_media_type', 'send Content-Type: text/csv');
      }
      const { workshopId } = request.params;
      const result = await registry.manualEntries.importCsv(workshopId, request.body, p.userId);
      if (result.errors.length > 0) {
        const issues = result.errors.map((e) => ({
          path: e.column === null ? `line ${e.line}` : `line ${e.line}.${e.column}`,
          message: e.message,
        }));
        const lines = new Set(result.errors.map((e) => e.line)).size;
        const summary = both({
          ko: `가져오지 않았습니다: ${lines}줄에 문제 ${issues.length}개`,
          en: `nothing imported: ${issues.length} problem(s) on ${lines} line(s)`,
        });
        throw new HttpError('invalid', summary, { issues });
      }
      audit(request.log, {
        event: 'manual_entry.import',
        actor: p.username,
        target: { workshopId, imported: String(result.imported) },
        outcome: 'success',
      });
      return reply.code(201).send(result);
    },
  );

  app.delete<E>(
    '/api/v1/workshops/:workshopId/manual-entries/:entryId',
    describe(
      doc(WRITE, 'Delete a manual entry', TAG),
      'The entry is kept, marked deleted with who and when; it no longer counts.',
    ),
    async (request, reply) => {
      const p = requirePrincipal(request);
      const { workshopId, entryId } = request.params;
      await registry.manualEntries.remove(workshopId, entryId, p.userId);
      audit(request.log, {
        event: 'manual_entry.delete',
        actor: p.username,
        target: { workshopId, entryId },
        outcome: 'success',
      });
      return reply.code(204).send();
    },
  );

  app.put<W>(
    '/api/v1/workshops/:workshopId/stops/reason',
    describe(
      doc(WRITE, "Give a machine's stop a reason", TAG),
      `Body: \`{ machineId, startMs, endMs, reason }\` (UTC ms, end exclusive; reason one of ${STOP_REASON_CODES.join(', ')}). Older reasons of the machine that overlap are replaced and kept on record.`,
    ),
    async (request) => {
      const p = requirePrincipal(request);
      const { workshopId } = request.params;
      const a = await registry.stopReasons.classify(workshopId, request.body, p.userId);
      audit(request.log, {
        event: 'stop_reason.classify',
        actor: p.username,
        target: { workshopId, machineId: a.machineId, reason: a.reason },
        outcome: 'success',
      });
      return a;
    },
  );

  app.get<W>(
    '/api/v1/workshops/:workshopId/stop-reasons',
    describe(
      doc(READ, 'Current stop reasons overlapping a time range', TAG),
      '`from` (inclusive) and `to` (exclusive) as UTC ms or ISO date-times, like /api/v1/readings; default the last 24 hours. Optional `machineId`.',
    ),
    async (request) => {
      const q = parseOrThrow(StopsQuerySchema, request.query);
      const toMs = q.to ?? Date.now();
      const fromMs = q.from ?? toMs - DAY_MS;
      if (fromMs >= toMs) throw new HttpError('invalid_request', 'from must be before to');
      const { workshopId } = request.params;
      return {
        workshopId,
        from: fromMs,
        to: toMs,
        reasons: await registry.stopReasons.list(workshopId, fromMs, toMs, q.machineId),
      };
    },
  );
}
