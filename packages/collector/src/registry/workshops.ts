import {
  HttpError,
  isForeignKeyViolation,
  isUniqueViolation,
  notFound,
  parseOrThrow,
  type RegistryDb,
  type WorkshopTable,
} from '../core/index.js';
import {
  type Industry,
  type StageEntry,
  StageEntrySchema,
  type Workshop,
  type WorkshopInput,
  WorkshopInputSchema,
  WorkshopPatchSchema,
} from './schemas.js';

const toWorkshop = (r: WorkshopTable): Workshop => ({
  id: r.id,
  nameKo: r.name_ko,
  nameEn: r.name_en,
  industry: r.industry as Industry,
  cluster: r.cluster,
  headcount: r.headcount,
  createdAt: r.created_at,
});

/** Workshops and their stage history. */
export class WorkshopRepository {
  constructor(private readonly db: RegistryDb) {}

  async create(input: WorkshopInput): Promise<Workshop> {
    const w = parseOrThrow(WorkshopInputSchema, input);
    const row: WorkshopTable = {
      id: w.id,
      name_ko: w.nameKo,
      name_en: w.nameEn,
      industry: w.industry,
      cluster: w.cluster,
      headcount: w.headcount,
      created_at: new Date().toISOString(),
    };
    try {
      await this.db.insertInto('workshops').values(row).execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw new HttpError('conflict', `workshop "${w.id}" already exists`);
      throw err;
    }
    return toWorkshop(row);
  }

  async update(id: string, patch: unknown): Promise<Workshop> {
    const p = parseOrThrow(WorkshopPatchSchema, patch);
    const set: Partial<WorkshopTable> = {};
    if (p.nameKo !== undefined) set.name_ko = p.nameKo;
    if (p.nameEn !== undefined) set.name_en = p.nameEn;
    if (p.industry !== undefined) set.industry = p.industry;
    if (p.cluster !== undefined) set.cluster = p.cluster;
    if (p.headcount !== undefined) set.headcount = p.headcount;
    if (Object.keys(set).length > 0) {
      const r = await this.db.updateTable('workshops').set(set).where('id', '=', id).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw notFound(`workshop "${id}"`);
    }
    return await this.get(id);
  }

  async find(id: string): Promise<Workshop | undefined> {
    const r = await this.db.selectFrom('workshops').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toWorkshop(r) : undefined;
  }

  async get(id: string): Promise<Workshop> {
    const w = await this.find(id);
    if (!w) throw notFound(`workshop "${id}"`);
    return w;
  }

  /** All workshops, or only those in `ids` (a scoped user's view). */
  async list(ids: readonly string[] | 'all' = 'all'): Promise<Workshop[]> {
    if (ids !== 'all' && ids.length === 0) return [];
    let q = this.db.selectFrom('workshops').selectAll().orderBy('id');
    if (ids !== 'all') q = q.where('id', 'in', [...ids]);
    return (await q.execute()).map(toWorkshop);
  }

  /**
   * Deletes a workshop with its stages, calendar, machines and user links (cascaded). Its agents
   * are not cascaded (their readings name them): while one is left, the answer is a 409 that says
   * so, not a database error.
   */
  async remove(id: string): Promise<void> {
    let deleted: number;
    try {
      const r = await this.db.deleteFrom('workshops').where('id', '=', id).executeTakeFirst();
      deleted = Number(r.numDeletedRows);
    } catch (err) {
      if (!isForeignKeyViolation(err)) throw err;
      throw new HttpError(
        'conflict',
        `workshop "${id}" still has agents; remove them first / 작업장 "${id}"에 에이전트가 남아 있습니다. 먼저 지우세요`,
      );
    }
    if (deleted === 0) throw notFound(`workshop "${id}"`);
  }

  /** Sets (inserts or replaces) one stage of the history. */
  async setStage(workshopId: string, entry: unknown): Promise<StageEntry> {
    const e = parseOrThrow(StageEntrySchema, entry);
    await this.get(workshopId);
    const row = {
      workshop_id: workshopId,
      stage: e.stage,
      started_on: e.startedOn,
      level: e.level,
      measurement_started_on: e.measurementStartedOn,
    };
    await this.db
      .insertInto('workshop_stages')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['workshop_id', 'stage']).doUpdateSet({
          started_on: e.startedOn,
          level: e.level,
          measurement_started_on: e.measurementStartedOn,
        }),
      )
      .execute();
    return e;
  }

  async removeStage(workshopId: string, stage: number): Promise<void> {
    const r = await this.db
      .deleteFrom('workshop_stages')
      .where('workshop_id', '=', workshopId)
      .where('stage', '=', stage)
      .executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw notFound(`stage ${stage} of workshop "${workshopId}"`);
  }

  /** The stage history, oldest stage first. */
  async stages(workshopId: string): Promise<StageEntry[]> {
    const rows = await this.db
      .selectFrom('workshop_stages')
      .selectAll()
      .where('workshop_id', '=', workshopId)
      .orderBy('stage')
      .execute();
    return rows.map((r) => ({
      stage: r.stage,
      startedOn: r.started_on,
      level: r.level as StageEntry['level'],
      measurementStartedOn: r.measurement_started_on,
    }));
  }

  /** The stage in force on `date` (YYYY-MM-DD): the highest stage started on or before it. */
  async stageOn(workshopId: string, date: string): Promise<StageEntry | undefined> {
    const all = await this.stages(workshopId);
    return all.filter((s) => s.startedOn <= date).at(-1);
  }
}
