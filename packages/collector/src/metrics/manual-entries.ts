import { randomUUID } from 'node:crypto';
import { both } from '@gongbang/shared';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { HttpError, type ManualEntryTable, notFound, parseOrThrow, type RegistryDb } from '../core/index.js';
import { ignoreMetricsInputChange, kstDayRangeMs, kstDayRuns, type MetricsInputListener } from './input-change.js';
import type { ManualEntry } from './inputs.js';
import { type CsvLineError, readManualEntryCsv } from './manual-entries-csv.js';
import { MANUAL_ENTRY_MESSAGES, type ManualEntryInput, validateManualEntry } from './manual-entry-schema.js';
import { kstDayOf } from './periods.js';

/** Options of {@link ManualEntryRepository}. */
export interface ManualEntryRepositoryOptions {
  /** Told the KST days an add, import or delete touched. Default: nothing. */
  onChange?: MetricsInputListener;
  /** Clock, UTC ms (the future-day check and `enteredAt`). Default `Date.now`. */
  now?: () => number;
}

/** What an import did: how many entries it stored, or (nothing stored) every problem found. */
export interface ManualEntryImportResult {
  imported: number;
  errors: CsvLineError[];
}

const DaySchema = z.iso.date();
/** Made once: a zod schema built per call cost the KPI engine about half a millisecond a day. */
const DayRangeSchema = z.strictObject({ from: DaySchema, to: DaySchema });
// Rows per INSERT: below SQLite's and PostgreSQL's bound-parameter limits at 16 columns.
const INSERT_CHUNK = 500;

function fromRow(r: Selectable<ManualEntryTable>): ManualEntry {
  return {
    id: r.id,
    day: r.day,
    shift: r.shift === null ? null : Number(r.shift),
    machineId: r.machine_id,
    productId: r.product_id,
    workerId: r.worker_id,
    pq: Number(r.pq),
    sq: Number(r.sq),
    rq: Number(r.rq),
    workS: r.work_s === null ? null : Number(r.work_s),
    note: r.note,
    enteredBy: r.entered_by,
    enteredAt: r.entered_at,
  };
}

function toRow(workshopId: string, e: ManualEntry): ManualEntryTable {
  return {
    id: e.id,
    workshop_id: workshopId,
    day: e.day,
    shift: e.shift,
    machine_id: e.machineId,
    product_id: e.productId,
    worker_id: e.workerId,
    pq: e.pq,
    sq: e.sq,
    rq: e.rq,
    work_s: e.workS,
    note: e.note,
    entered_by: e.enteredBy,
    entered_at: e.enteredAt,
    deleted_at: null,
    deleted_by: null,
  };
}

/**
 * Hand-kept daily figures: the paper 작업일지 of a stage-0 workshop, or counts no device sees.
 * Every entry keeps who entered it and when; a delete only marks it (who, when), so an
 * evaluator can still see what a baseline was built from.
 */
export class ManualEntryRepository {
  private readonly onChange: MetricsInputListener;
  private readonly now: () => number;

  constructor(
    private readonly db: RegistryDb,
    options: ManualEntryRepositoryOptions = {},
  ) {
    this.onChange = options.onChange ?? ignoreMetricsInputChange;
    this.now = options.now ?? Date.now;
  }

  /** Stores one entry (JSON input, see manual-entry-schema.ts) entered by `userId`. */
  async add(workshopId: string, input: unknown, userId: string): Promise<ManualEntry> {
    const v = validateManualEntry(input, kstDayOf(this.now()));
    if (!v.ok) {
      const issues = v.issues.map((i) => ({ path: i.field, message: i.message }));
      throw new HttpError('invalid', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
    }
    await this.requireWorkshop(workshopId);
    const products = await this.productIds(workshopId);
    const productId = v.value.productId;
    if (productId !== null && !products.has(productId)) {
      const message = `${both(MANUAL_ENTRY_MESSAGES.unknownProduct)}: "${productId}"`;
      throw new HttpError('invalid', `productId: ${message}`, { issues: [{ path: 'productId', message }] });
    }
    const entry = this.entry(v.value, userId);
    await this.db.insertInto('manual_entries').values(toRow(workshopId, entry)).execute();
    const r = kstDayRangeMs(entry.day);
    await this.onChange(workshopId, r.fromMs, r.toMs);
    return entry;
  }

  /** Entries of KST days `fromDay`…`toDay` (both included), not deleted, by day and entry time. */
  async list(workshopId: string, fromDay: string, toDay: string): Promise<ManualEntry[]> {
    parseOrThrow(DayRangeSchema, { from: fromDay, to: toDay });
    await this.requireWorkshop(workshopId);
    const rows = await this.db
      .selectFrom('manual_entries')
      .selectAll()
      .where('workshop_id', '=', workshopId)
      .where('day', '>=', fromDay)
      .where('day', '<=', toDay)
      .where('deleted_at', 'is', null)
      .orderBy('day')
      .orderBy('entered_at')
      .orderBy('id')
      .execute();
    return rows.map(fromRow);
  }

  /** Marks an entry deleted by `userId`; it stays stored with who deleted it and when. */
  async remove(workshopId: string, id: string, userId: string): Promise<void> {
    const row = await this.db
      .selectFrom('manual_entries')
      .select('day')
      .where('workshop_id', '=', workshopId)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw notFound(`manual entry "${id}"`);
    const r = await this.db
      .updateTable('manual_entries')
      .set({ deleted_at: new Date(this.now()).toISOString(), deleted_by: userId })
      .where('workshop_id', '=', workshopId)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    // Someone else deleted it in between: to this caller it is gone, as if it never was.
    if (Number(r.numUpdatedRows) === 0) throw notFound(`manual entry "${id}"`);
    const range = kstDayRangeMs(row.day);
    await this.onChange(workshopId, range.fromMs, range.toMs);
  }

  /**
   * Imports a CSV (`day,shift,machine,product,worker,pq,sq,rq,hours,note`, or the Korean
   * headers; see manual-entries-csv.ts). All or nothing: when any line is bad nothing is
   * stored and every problem of every line is returned.
   */
  async importCsv(workshopId: string, csvText: string, userId: string): Promise<ManualEntryImportResult> {
    await this.requireWorkshop(workshopId);
    const today = kstDayOf(this.now());
    const { lines, errors } = readManualEntryCsv(csvText);
    const products = await this.productIds(workshopId);
    const entries: ManualEntry[] = [];
    for (const l of lines) {
      const v = validateManualEntry(l.input, today);
      if (!v.ok) {
        for (const i of v.issues) {
          const column = l.columnOf[i.field as keyof typeof l.columnOf] ?? i.field;
          errors.push({ line: l.line, column, message: i.message });
        }
        continue;
      }
      const productId = v.value.productId;
      if (productId !== null && !products.has(productId)) {
        const message = `${both(MANUAL_ENTRY_MESSAGES.unknownProduct)}: "${productId}"`;
        errors.push({ line: l.line, column: l.columnOf.productId ?? 'product', message });
        continue;
      }
      entries.push(this.entry(v.value, userId));
    }
    if (errors.length > 0) return { imported: 0, errors: errors.sort((a, b) => a.line - b.line) };
    if (entries.length === 0) return { imported: 0, errors: [] };
    await this.db.transaction().execute(async (tx) => {
      for (let i = 0; i < entries.length; i += INSERT_CHUNK) {
        const chunk = entries.slice(i, i + INSERT_CHUNK).map((e) => toRow(workshopId, e));
        await tx.insertInto('manual_entries').values(chunk).execute();
      }
    });
    for (const r of kstDayRuns(entries.map((e) => e.day))) await this.onChange(workshopId, r.fromMs, r.toMs);
    return { imported: entries.length, errors: [] };
  }

  private entry(v: ManualEntryInput, userId: string): ManualEntry {
    return { id: randomUUID(), ...v, enteredBy: userId, enteredAt: new Date(this.now()).toISOString() };
  }

  private async requireWorkshop(workshopId: string): Promise<void> {
    const w = await this.db.selectFrom('workshops').select('id').where('id', '=', workshopId).executeTakeFirst();
    if (!w) throw notFound(`workshop "${workshopId}"`);
  }

  /** The workshop's product ids; a small shop has a handful, so one query beats one per line. */
  private async productIds(workshopId: string): Promise<Set<string>> {
    const rows = await this.db.selectFrom('products').select('id').where('workshop_id', '=', workshopId).execute();
    return new Set(rows.map((r) => r.id));
  }
}
