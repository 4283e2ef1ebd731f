import { type Kysely, sql } from 'kysely';

/**
 * Machines of a workshop, for the KPI engine: name, a PRU fallback, and which count channels
 * and scanner sources belong to each. Counts and scanners are JSON text like the calendar's
 * weekly hours; the repository keeps each (source, channel) and each scanner to one machine.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('machines')
    .addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('default_pru_s', sql`double precision`)
    .addColumn('counts', 'text', (c) => c.notNull())
    .addColumn('scanners', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('machines_pk', ['workshop_id', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('machines').ifExists().execute();
}
