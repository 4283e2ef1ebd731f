import { HttpError, type MachineTable, notFound, parseOrThrow, type RegistryDb } from '../core/index.js';
import type { MachineConfig } from '../metrics/inputs.js';
import { MachineInputSchema } from './schemas.js';

const toConfig = (row: MachineTable): MachineConfig => ({
  id: row.id,
  name: row.name,
  defaultPruS: row.default_pru_s === null ? null : Number(row.default_pru_s),
  counts: JSON.parse(row.counts) as MachineConfig['counts'],
  scanners: JSON.parse(row.scanners) as string[],
});

/** What `machine` takes that `others` already hold: one line per count channel or scanner. */
function takenFrom(machine: MachineConfig, others: MachineConfig[]): string[] {
  const out: string[] = [];
  for (const c of machine.counts) {
    const owner = others.find((o) => o.counts.some((x) => x.source === c.source && x.channel === c.channel));
    if (owner) {
      out.push(
        `count channel ${c.source}/${c.channel} belongs to machine "${owner.id}" / ` +
          `카운트 채널 ${c.source}/${c.channel}은(는) 이미 기계 "${owner.id}"에 연결되어 있습니다`,
      );
    }
  }
  for (const s of machine.scanners) {
    const owner = others.find((o) => o.scanners.includes(s));
    if (owner) {
      out.push(
        `scanner "${s}" belongs to machine "${owner.id}" / 스캐너 "${s}"은(는) 이미 기계 "${owner.id}"에 연결되어 있습니다`,
      );
    }
  }
  return out;
}

/**
 * Machines of a workshop and how readings map to them: count channels with their meaning and
 * scanner sources. Within a workshop a count channel and a scanner belong to one machine only.
 */
export class MachineRepository {
  constructor(private readonly db: RegistryDb) {}

  /**
   * Creates or replaces a machine.
   *
   * @throws HttpError `conflict` naming the other machine when a count channel or scanner is taken.
   */
  async put(workshopId: string, input: unknown): Promise<MachineConfig> {
    const m: MachineConfig = parseOrThrow(MachineInputSchema, input);
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      // A no-op write to the workshop row first queues concurrent PUTs of one workshop
      // (PostgreSQL holds the row lock to commit, SQLite its write lock), so two machines cannot
      // both pass the check below and take the same channel. A non-key column, so rows that
      // reference the workshop are not blocked. It also tells whether the workshop exists.
      const touched = await tx
        .updateTable('workshops')
        .set((eb) => ({ name_ko: eb.ref('name_ko') }))
        .where('id', '=', workshopId)
        .executeTakeFirst();
      if (Number(touched.numUpdatedRows) === 0) throw notFound(`workshop "${workshopId}"`);
      const others = await tx
        .selectFrom('machines')
        .selectAll()
        .where('workshop_id', '=', workshopId)
        .where('id', '!=', m.id)
        .orderBy('id')
        .execute();
      const taken = takenFrom(m, others.map(toConfig));
      if (taken.length > 0) throw new HttpError('conflict', taken.join('; '));
      const values = {
        name: m.name,
        default_pru_s: m.defaultPruS,
        counts: JSON.stringify(m.counts),
        scanners: JSON.stringify(m.scanners),
        updated_at: now,
      };
      await tx
        .insertInto('machines')
        .values({ workshop_id: workshopId, id: m.id, ...values })
        .onConflict((oc) => oc.columns(['workshop_id', 'id']).doUpdateSet(values))
        .execute();
    });
    return m;
  }

  /** The workshop's machines, by id. */
  async list(workshopId: string): Promise<MachineConfig[]> {
    const rows = await this.db
      .selectFrom('machines')
      .selectAll()
      .where('workshop_id', '=', workshopId)
      .orderBy('id')
      .execute();
    return rows.map(toConfig);
  }

  /** @throws HttpError `not_found` when the workshop has no such machine. */
  async get(workshopId: string, machineId: string): Promise<MachineConfig> {
    const row = await this.db
      .selectFrom('machines')
      .selectAll()
      .where('workshop_id', '=', workshopId)
      .where('id', '=', machineId)
      .executeTakeFirst();
    if (!row) throw notFound(`machine "${machineId}"`);
    return toConfig(row);
  }

  async remove(workshopId: string, machineId: string): Promise<void> {
    const r = await this.db
      .deleteFrom('machines')
      .where('workshop_id', '=', workshopId)
      .where('id', '=', machineId)
      .executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw notFound(`machine "${machineId}"`);
  }
}
