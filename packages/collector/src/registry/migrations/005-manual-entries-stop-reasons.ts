import { type Kysely, sql } from 'kysely';

/**
 * Inputs of the KPI engine that people give: hand-kept daily figures (the paper 작업일지 of a
 * stage-0 workshop) and reasons given to machine stops afterwards. Both keep who wrote them and
 * when; nothing is overwritten: a manual entry is deleted softly, a stop reason is replaced by
 * marking the old row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('manual_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('shift', 'integer')
    .addColumn('machine_id', 'text')
    .addColumn('product_id', 'text')
    .addColumn('worker_id', 'text')
    .addColumn('pq', 'integer', (c) => c.notNull())
    .addColumn('sq', 'integer', (c) => c.notNull())
    .addColumn('rq', 'integer', (c) => c.notNull())
    .addColumn('work_s', sql`double precision`)
    .addColumn('note', 'text')
    .addColumn('entered_by', 'text', (c) => c.notNull())
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .addColumn('deleted_by', 'text')
    .execute();
  await s.createIndex('manual_entries_workshop_day').on('manual_entries').columns(['workshop_id', 'day']).execute();
  await s
    .createTable('stop_reasons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('machine_id', 'text', (c) => c.notNull())
    // UTC ms exceed 32 bits; PostgreSQL's driver hands bigint back as a string (see stop-reasons.ts).
    .addColumn('start_ms', 'bigint', (c) => c.notNull())
    .addColumn('end_ms', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('classified_by', 'text', (c) => c.notNull())
    .addColumn('classified_at', 'text', (c) => c.notNull())
    .addColumn('replaced_at', 'text')
    .execute();
  await s
    .createIndex('stop_reasons_machine_start')
    .on('stop_reasons')
    .columns(['workshop_id', 'machine_id', 'start_ms'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('stop_reasons').ifExists().execute();
  await db.schema.dropTable('manual_entries').ifExists().execute();
}
