import { randomUUID } from 'node:crypto';
import { IdSchema, MAX_TIMESTAMP_MS, MIN_TIMESTAMP_MS } from '@gongbang/shared';
import { type Selectable, sql } from 'kysely';
import { z } from 'zod';
import {
  notFound,
  parseOrThrow,
  type RegistryDb,
  type RegistryDialectName,
  type StopReasonTable,
} from '../core/index.js';
import { ignoreMetricsInputChange, type MetricsInputListener } from './input-change.js';
import type { StopReasonAssignment } from './inputs.js';
import { StopReasonSchema } from './reasons.js';

/** Longest stop one reason may cover: a month (a holiday week without orders fits easily). */
export const MAX_STOP_MS = 31 * 86_400_000;

const TimeMs = z.number().int().min(MIN_TIMESTAMP_MS).max(MAX_TIMESTAMP_MS);

/** A reason given to a stop of `machineId` in [startMs, endMs), UTC ms. */
export const StopReasonInputSchema = z
  .strictObject({ machineId: IdSchema, startMs: TimeMs, endMs: TimeMs, reason: StopReasonSchema })
  .refine((s) => s.startMs < s.endMs, {
    path: ['endMs'],
    message: '끝이 시작보다 늦어야 합니다 / endMs must be after startMs',
  })
  .refine((s) => s.endMs - s.startMs <= MAX_STOP_MS, {
    path: ['endMs'],
    message: '한 사유는 31일까지입니다 / one reason covers at most 31 days',
  });
export type StopReasonInput = z.input<typeof StopReasonInputSchema>;

/** Options of {@link StopReasonRepository}. */
export interface StopReasonRepositoryOptions {
  /** Told the time a classification (with the ones it replaced) covers. Default: nothing. */
  onChange?: MetricsInputListener;
  /** Clock, UTC ms (`at`, and a stop cannot start in the future). Default `Date.now`. */
  now?: () => number;
  /** The database's dialect, for the per-machine lock on PostgreSQL. Default `sqlite`. */
  dialect?: RegistryDialectName;
}

function fromRow(r: Selectable<StopReasonTable>): StopReasonAssignment {
  // PostgreSQL's driver returns bigint as a string (it may not fit a double); UTC ms always do.
  return {
    machineId: r.machine_id,
    startMs: Number(r.start_ms),
    endMs: Number(r.end_ms),
    reason: r.reason,
    by: r.classified_by,
    at: r.classified_at,
  };
}

/**
 * Reasons given to machine stops after the fact (the stop list in the UI, or a reason card
 * scanned late). A newer reason overlapping older ones of the same machine replaces them
 * whole: they are marked `replaced_at` and kept, so who said what and when stays on record.
 */
export class StopReasonRepository {
  private readonly onChange: MetricsInputListener;
  private readonly now: () => number;
  private readonly dialect: RegistryDialectName;

  constructor(
    private readonly db: RegistryDb,
    options: StopReasonRepositoryOptions = {},
  ) {
    this.onChange = options.onChange ?? ignoreMetricsInputChange;
    this.now = options.now ?? Date.now;
    this.dialect = options.dialect ?? 'sqlite';
  }

  /** Gives the stop time of a machine a reason, replacing the current reasons it overlaps. */
  async classify(workshopId: string, input: unknown, userId: string): Promise<StopReasonAssignment> {
    const s = parseOrThrow(
      StopReasonInputSchema.refine((x) => x.startMs <= this.now(), {
        path: ['startMs'],
        message: '아직 시작하지 않은 정지입니다 / the stop starts in the future',
      }),
      input,
    );
    await this.requireWorkshop(workshopId);
    const at = new Date(this.now()).toISOString();
    const replaced = await this.db.transaction().execute(async (tx) => {
      // Two people classifying the same machine at once on PostgreSQL would both find nothing
      // to replace and both insert; a lock per machine orders them. SQLite has one writer anyway.
      if (this.dialect === 'postgres') {
        await sql`select pg_advisory_xact_lock(hashtext(${`stop_reasons:${workshopId}:${s.machineId}`}))`.execute(tx);
      }
      const old = await tx
        .selectFrom('stop_reasons')
        .select(['id', 'start_ms', 'end_ms'])
        .where('workshop_id', '=', workshopId)
        .where('machine_id', '=', s.machineId)
        .where('replaced_at', 'is', null)
        .where('start_ms', '<', s.endMs)
        .where('end_ms', '>', s.startMs)
        .execute();
      if (old.length > 0) {
        await tx
          .updateTable('stop_reasons')
          .set({ replaced_at: at })
          .where(
            'id',
            'in',
            old.map((o) => o.id),
          )
          .execute();
      }
      await tx
        .insertInto('stop_reasons')
        .values({
          id: randomUUID(),
          workshop_id: workshopId,
          machine_id: s.machineId,
          start_ms: s.startMs,
          end_ms: s.endMs,
          reason: s.reason,
          classified_by: userId,
          classified_at: at,
          replaced_at: null,
        })
        .execute();
      return old.map((o) => ({ startMs: Number(o.start_ms), endMs: Number(o.end_ms) }));
    });
    // The time the replaced reasons covered lost its reason too: it is part of the change.
    const fromMs = Math.min(s.startMs, ...replaced.map((r) => r.startMs));
    const toMs = Math.max(s.endMs, ...replaced.map((r) => r.endMs));
    await this.onChange(workshopId, fromMs, toMs);
    return { machineId: s.machineId, startMs: s.startMs, endMs: s.endMs, reason: s.reason, by: userId, at };
  }

  /** Current (not replaced) reasons overlapping [fromMs, toMs), optionally of one machine, by start. */
  async list(workshopId: string, fromMs: number, toMs: number, machineId?: string): Promise<StopReasonAssignment[]> {
    await this.requireWorkshop(workshopId);
    let q = this.db
      .selectFrom('stop_reasons')
      .selectAll()
      .where('workshop_id', '=', workshopId)
      .where('replaced_at', 'is', null)
      .where('start_ms', '<', toMs)
      .where('end_ms', '>', fromMs);
    if (machineId !== undefined) q = q.where('machine_id', '=', machineId);
    const rows = await q.orderBy('start_ms').orderBy('machine_id').execute();
    return rows.map(fromRow);
  }

  private async requireWorkshop(workshopId: string): Promise<void> {
    const w = await this.db.selectFrom('workshops').select('id').where('id', '=', workshopId).executeTakeFirst();
    if (!w) throw notFound(`workshop "${workshopId}"`);
  }
}
