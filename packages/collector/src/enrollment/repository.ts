import { IdSchema } from '@gongbang/shared';
import { z } from 'zod';
import { AgentRepository } from '../registry/agents.js';
import type { RegistryDb } from '../registry/db.js';
import { notFound, RegistryError } from '../registry/errors.js';
import { parseOrThrow } from '../registry/validate.js';
import type { AgentConfigValidator } from '../remote-config/validator.js';
import { hashEnrollmentCode, newEnrollmentCode } from './codes.js';

export const EnrollmentCodeRequestSchema = z.strictObject({
  /** The agent id the code enrolls; default `<workshop>-agent-<n>`. */
  agentId: IdSchema.optional(),
  /** Minutes until the code expires. Default 60, at most 7 days. */
  ttlMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
});

export interface IssuedEnrollmentCode {
  code: string;
  workshopId: string;
  agentId: string;
  expiresAt: string;
}

/** What an agent receives for a good code: its credentials and its initial config. */
export interface EnrollmentGrant {
  agentId: string;
  workshopId: string;
  token: string;
  configVersion: number;
  config: unknown;
}

/** One-time enrollment codes: created by a technician, exchanged once by an agent for its credentials. */
export class EnrollmentRepository {
  private readonly agents: AgentRepository;
  constructor(
    private readonly db: RegistryDb,
    private readonly validate: AgentConfigValidator,
  ) {
    this.agents = new AgentRepository(db);
  }

  async create(workshopId: string, request: unknown, createdBy: string): Promise<IssuedEnrollmentCode> {
    const r = parseOrThrow(EnrollmentCodeRequestSchema, request ?? {});
    const w = await this.db.selectFrom('workshops').select('id').where('id', '=', workshopId).executeTakeFirst();
    if (!w) throw notFound(`workshop "${workshopId}"`);
    const agentId = r.agentId ?? (await this.nextAgentId(workshopId));
    const existing = await this.agents.find(agentId);
    if (existing && existing.workshopId !== workshopId) {
      throw new RegistryError('conflict', `agent "${agentId}" belongs to another workshop`);
    }
    const code = newEnrollmentCode();
    const now = Date.now();
    const expiresAt = new Date(now + r.ttlMinutes * 60_000).toISOString();
    await this.db
      .insertInto('enrollment_codes')
      .values({
        code_hash: hashEnrollmentCode(code),
        workshop_id: workshopId,
        agent_id: agentId,
        created_by: createdBy,
        created_at: new Date(now).toISOString(),
        expires_at: expiresAt,
        used_at: null,
      })
      .execute();
    return { code, workshopId, agentId, expiresAt };
  }

  private async nextAgentId(workshopId: string): Promise<string> {
    const taken = new Set((await this.db.selectFrom('agents').select('id').execute()).map((a) => a.id));
    const pending = await this.db
      .selectFrom('enrollment_codes')
      .select('agent_id')
      .where('workshop_id', '=', workshopId)
      .execute();
    for (const p of pending) taken.add(p.agent_id);
    for (let n = 1; ; n++) {
      const id = `${workshopId}-agent-${n}`.slice(0, 64);
      if (!taken.has(id)) return id;
    }
  }

  /**
   * Exchanges a code for credentials, at most once even with several collectors racing:
   * the conditional UPDATE marks it used and only one statement can win.
   */
  async exchange(code: string): Promise<EnrollmentGrant> {
    const hash = hashEnrollmentCode(code);
    const now = new Date().toISOString();
    return await this.db.transaction().execute(async (tx) => {
      const won = await tx
        .updateTable('enrollment_codes')
        .set({ used_at: now })
        .where('code_hash', '=', hash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      const row = await tx.selectFrom('enrollment_codes').selectAll().where('code_hash', '=', hash).executeTakeFirst();
      if (!row) throw new RegistryError('enrollment_code_unknown', 'unknown enrollment code / 알 수 없는 등록 코드');
      if (Number(won.numUpdatedRows) !== 1) {
        if (row.used_at !== null) {
          throw new RegistryError('enrollment_code_used', 'enrollment code already used / 이미 사용된 등록 코드');
        }
        throw new RegistryError('enrollment_code_expired', 'enrollment code expired / 만료된 등록 코드');
      }
      const agents = new AgentRepository(tx);
      if (!(await agents.find(row.agent_id))) await agents.create(row.agent_id, row.workshop_id);
      const token = await agents.issueToken(row.agent_id);
      let latest = await tx
        .selectFrom('agent_configs')
        .select(['version', 'config'])
        .where('agent_id', '=', row.agent_id)
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!latest) {
        // Names no inputs (not even `inputs: []`): a remote section replaces the local one,
        // and the inputs the technician wrote in the agent's own agent.yaml must keep running.
        const config = { agent: { id: row.agent_id } };
        const check = this.validate(config);
        if (!check.ok) throw new Error(`initial config invalid: ${check.issues.map((i) => i.message).join('; ')}`);
        latest = { version: 1, config: JSON.stringify(config) };
        await tx
          .insertInto('agent_configs')
          .values({
            agent_id: row.agent_id,
            version: 1,
            config: latest.config,
            author: `enrollment:${row.created_by}`,
            created_at: now,
          })
          .execute();
      }
      return {
        agentId: row.agent_id,
        workshopId: row.workshop_id,
        token,
        configVersion: latest.version,
        config: JSON.parse(latest.config) as unknown,
      };
    });
  }
}
