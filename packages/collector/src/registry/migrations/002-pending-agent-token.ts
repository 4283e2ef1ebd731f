import type { Kysely } from 'kysely';

/**
 * An agent's pending token: issued when the agent asks to rotate its own token, it replaces
 * the current one the first time it is used, so an agent that dies before saving it keeps
 * the token it has.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('agents').addColumn('next_token_hash', 'text').execute();
  await db.schema.createIndex('agents_next_token_hash').unique().on('agents').column('next_token_hash').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('agents_next_token_hash').execute();
  await db.schema.alterTable('agents').dropColumn('next_token_hash').execute();
}
