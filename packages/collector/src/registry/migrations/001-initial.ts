import { type Kysely, sql } from 'kysely';

/** The first registry schema: workshops, their stages, calendars and products; agents; users; enrollment. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('workshops')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name_ko', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('industry', 'text', (c) => c.notNull())
    .addColumn('cluster', 'text')
    .addColumn('headcount', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s
    .createTable('workshop_stages')
    .addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('stage', 'integer', (c) => c.notNull())
    .addColumn('started_on', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('measurement_started_on', 'text')
    .addPrimaryKeyConstraint('workshop_stages_pk', ['workshop_id', 'stage'])
    .execute();
  await s
    .createTable('workshop_calendars')
    .addColumn('workshop_id', 'text', (c) => c.primaryKey().references('workshops.id').onDelete('cascade'))
    .addColumn('weekly', 'text', (c) => c.notNull())
    .addColumn('public_holidays_off', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s
    .createTable('workshop_days_off')
    .addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addPrimaryKeyConstraint('workshop_days_off_pk', ['workshop_id', 'day'])
    .execute();
  await s
    .createTable('products')
    .addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('products_pk', ['workshop_id', 'id'])
    .execute();
  await s
    .createTable('operations')
    .addColumn('workshop_id', 'text', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('pru_s', sql`double precision`, (c) => c.notNull())
    .addPrimaryKeyConstraint('operations_pk', ['workshop_id', 'product_id', 'id'])
    .addForeignKeyConstraint(
      'operations_product_fk',
      ['workshop_id', 'product_id'],
      'products',
      ['workshop_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();
  await s
    .createTable('agents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id'))
    .addColumn('token_hash', 'text', (c) => c.unique())
    .addColumn('token_issued_at', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('last_seen_at', 'text')
    .addColumn('version', 'text')
    .addColumn('applied_config_version', 'integer')
    .addColumn('failed_config_version', 'integer')
    .addColumn('failed_config_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s
    .createTable('agent_configs')
    .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('agent_configs_pk', ['agent_id', 'version'])
    .execute();
  await s
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'text')
    .execute();
  await s
    .createTable('user_workshops')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('user_workshops_pk', ['user_id', 'workshop_id'])
    .execute();
  await s
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await s
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('last_used_at', 'text')
    .execute();
  await s
    .createTable('enrollment_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('agent_id', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await s
    .createTable('auth_failures')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('auth_failures_key').on('auth_failures').columns(['scope', 'key', 'at']).execute();
  await s.createIndex('agents_workshop').on('agents').column('workshop_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'auth_failures',
    'enrollment_codes',
    'api_tokens',
    'sessions',
    'user_workshops',
    'users',
    'agent_configs',
    'agents',
    'operations',
    'products',
    'workshop_days_off',
    'workshop_calendars',
    'workshop_stages',
    'workshops',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
