import { type EnrollmentCodeTable, HttpError, isUniqueViolation, type RegistryDb } from '../core/index.js';
import { AgentRepository } from '../registry/agents.js';
import type { AgentConfigValidator } from '../remote-config/validator.js';
import { UserRepository } from '../users/repository.js';
import { hashEnrollmentCode } from './codes.js';

/** What an agent receives for a good code: its credentials and its initial config. */
export interface EnrollmentGrant {
  agentId: string;
  workshopId: string;
  token: string;
  configVersion: number;
  config: unknown;
}

const agentTaken = (agentId: string) =>
  new HttpError(
    'conflict',
    `agent "${agentId}" belongs to another workshop; ask for a new code / 에이전트 "${agentId}"는 다른 작업장 소속입니다. 새 코드를 요청하세요`,
  );

/**
 * Why a code that was not marked used now cannot be used: unknown, used, revoked or expired.
 * Revoked is told apart so the technician knows to ask for a new code rather than retype.
 */
function refusal(row: EnrollmentCodeTable | undefined): HttpError {
  if (!row) return new HttpError('enrollment_code_unknown', 'unknown enrollment code / 알 수 없는 등록 코드');
  if (row.used_at !== null) {
    return new HttpError('enrollment_code_used', 'enrollment code already used / 이미 사용된 등록 코드');
  }
  if (row.revoked_at !== null) {
    return new HttpError('enrollment_code_revoked', 'enrollment code revoked / 취소된 등록 코드');
  }
  return new HttpError('enrollment_code_expired', 'enrollment code expired / 만료된 등록 코드');
}

/**
 * The code's creator must still be allowed to enroll agents of the code's workshop: a
 * disabled technician (or one moved to other workshops) leaves no working codes behind.
 * Codes without a creator user (from before migration 003, or made with a collector.yaml
 * API token, which has no user row) are not checked.
 */
async function checkCreator(tx: RegistryDb, row: EnrollmentCodeTable): Promise<void> {
  if (row.creator_user_id === null) return;
  const creator = await new UserRepository(tx).principal(row.creator_user_id, 'api_token');
  const allowed =
    creator !== undefined &&
    (creator.role === 'admin' ||
      (creator.role === 'technician' &&
        creator.workshopIds !== 'all' &&
        creator.workshopIds.includes(row.workshop_id)));
  if (!allowed) {
    throw new HttpError(
      'enrollment_code_revoked',
      'enrollment code revoked: its creator may no longer enroll agents here / 코드를 만든 사용자의 권한이 없어 취소된 등록 코드',
    );
  }
}

/**
 * Exchanges a code for credentials, at most once even with several collectors racing: the
 * conditional UPDATE marks it used and only one statement can win (PostgreSQL locks the row,
 * so a second exchange waits and then finds it used). Every refusal after that throws inside
 * the transaction, which rolls the mark back.
 *
 * The token goes only to the agent the code was made for, in the code's workshop: when that
 * agent id has meanwhile been registered to another workshop the exchange is refused.
 */
export async function exchangeCode(
  db: RegistryDb,
  validate: AgentConfigValidator,
  code: string,
): Promise<EnrollmentGrant> {
  const hash = hashEnrollmentCode(code);
  const now = new Date().toISOString();
  let agentId = '';
  try {
    return await db.transaction().execute(async (tx) => {
      const won = await tx
        .updateTable('enrollment_codes')
        .set({ used_at: now })
        .where('code_hash', '=', hash)
        .where('used_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      const row = await tx.selectFrom('enrollment_codes').selectAll().where('code_hash', '=', hash).executeTakeFirst();
      if (!row || Number(won.numUpdatedRows) !== 1) throw refusal(row);
      agentId = row.agent_id;
      await checkCreator(tx, row);
      const agents = new AgentRepository(tx);
      const existing = await agents.find(row.agent_id);
      if (existing && existing.workshopId !== row.workshop_id) throw agentTaken(row.agent_id);
      if (!existing) await agents.create(row.agent_id, row.workshop_id);
      const token = await agents.issueToken(row.agent_id);
      const config = await initialConfig(tx, validate, row, now);
      return { agentId: row.agent_id, workshopId: row.workshop_id, token, ...config };
    });
  } catch (err) {
    // Another collector registered the id between our look and our insert.
    if (isUniqueViolation(err)) throw agentTaken(agentId);
    throw err;
  }
}

/** The agent's newest remote config, or a first one naming only the agent, written now. */
async function initialConfig(
  tx: RegistryDb,
  validate: AgentConfigValidator,
  row: EnrollmentCodeTable,
  now: string,
): Promise<{ configVersion: number; config: unknown }> {
  const latest = await tx
    .selectFrom('agent_configs')
    .select(['version', 'config'])
    .where('agent_id', '=', row.agent_id)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (latest) return { configVersion: latest.version, config: JSON.parse(latest.config) as unknown };
  // Names no inputs (not even `inputs: []`): a remote section replaces the local one,
  // and the inputs the technician wrote in the agent's own agent.yaml must keep running.
  const config = { agent: { id: row.agent_id } };
  const check = validate(config);
  if (!check.ok) throw new Error(`initial config invalid: ${check.issues.map((i) => i.message).join('; ')}`);
  await tx
    .insertInto('agent_configs')
    .values({
      agent_id: row.agent_id,
      version: 1,
      config: JSON.stringify(config),
      author: `enrollment:${row.created_by}`,
      created_at: now,
    })
    .execute();
  return { configVersion: 1, config };
}
