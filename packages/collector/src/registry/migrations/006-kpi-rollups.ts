import type { Kysely } from 'kysely';

/**
 * Issue #12 (metrics): KPI rollups kept in the registry so that reading KPIs never rescans raw
 * readings. `kpi_rows` holds ISO 22400-2 element sums per period, dimension and origin;
 * `kpi_days` each computed day's carry; `kpi_dirty` the days late data touched; `kpi_stops`
 * each day's stops as computed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('kpi_rows')
    .addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('grain', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('part', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('dim', 'text', (c) => c.notNull())
    .addColumn('dim_id', 'text', (c) => c.notNull())
    .addColumn('period_start_ms', 'bigint', (c) => c.notNull())
    .addColumn('elements', 'text', (c) => c.notNull())
    // A new value at every write of the row: readers that keep sums of rows check it, not the JSON.
    .addColumn('rev', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('kpi_rows_pk', ['workshop_id', 'grain', 'period', 'part', 'origin', 'dim', 'dim_id'])
    .execute();
  await s.createIndex('kpi_rows_range').on('kpi_rows').columns(['workshop_id', 'grain', 'period_start_ms']).execute();
  await s.createIndex('kpi_rows_programme').on('kpi_rows').columns(['grain', 'dim', 'period_start_ms']).execute();
  await s
    .createTable('kpi_days')
    .addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('carry', 'text', (c) => c.notNull())
    .addColumn('readings', 'integer', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('kpi_days_pk', ['workshop_id', 'day'])
    .execute();
  await s
    .createTable('kpi_dirty')
    .addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('marked_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('kpi_dirty_pk', ['workshop_id', 'day'])
    .execute();
  await s
    .createTable('kpi_stops')
    .addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('machine_id', 'text', (c) => c.notNull())
    .addColumn('start_ms', 'bigint', (c) => c.notNull())
    .addColumn('end_ms', 'bigint', (c) => c.notNull())
    .addColumn('minor', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('reason_source', 'text')
    .addColumn('classified_by', 'text')
    .addPrimaryKeyConstraint('kpi_stops_pk', ['workshop_id', 'day', 'machine_id', 'start_ms'])
    .execute();
  await s.createIndex('kpi_stops_range').on('kpi_stops').columns(['workshop_id', 'start_ms']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['kpi_stops', 'kpi_dirty', 'kpi_days', 'kpi_rows']) await db.schema.dropTable(t).ifExists().execute();
}
