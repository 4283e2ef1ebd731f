import { randomUUID } from 'node:crypto';
import { IdSchema } from '@gongbang/shared';
import { z } from 'zod';
import { HttpError, notFound, parseOrThrow, type RegistryDb } from '../core/index.js';
import { AgentRepository } from '../registry/agents.js';
import type { AgentConfigValidator } from '../remote-config/validator.js';
import { hashEnrollmentCode, newEnrollmentCode } from './codes.js';
import { type EnrollmentGrant, exchangeCode } from './exchange.js';

export type { EnrollmentGrant } from './exchange.js';

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
  /** Public id, to list and revoke the code (the code itself is shown only here). */
  id: string;
  code: string;
  workshopId: string;
  agentId: string;
  expiresAt: string;
}

/**
 * Who creates a code: the user id is kept so the code dies with the user's rights. A bare
 * name (the admin CLI, a collector.yaml token) has no user row and is recorded by name only.
 */
export type EnrollmentCreator = { userId: string; username: string } | string;

/** A code as listed: never the code or its hash. */
export interface EnrollmentCodeInfo {
  id: string;
  workshopId: string;
  agentId: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  /**
   * `pending` can still be exchanged. `creator_disabled`: its creator was disabled (or deleted);
   * `creator_unassigned`: its creator no longer looks after this workshop. Both are refused.
   */
  status: 'pending' | 'used' | 'revoked' | 'expired' | 'creator_disabled' | 'creator_unassigned';
}

/**
 * One-time enrollment codes: created by a technician for one agent of one workshop, listed and
 * revoked by the workshop's technicians and admins, exchanged once by that agent for its credentials.
 */
export class EnrollmentRepository {
  private readonly agents: AgentRepository;
  constructor(
    private readonly db: RegistryDb,
    private readonly validate: AgentConfigValidator,
  ) {
    this.agents = new AgentRepository(db);
  }

  /**
   * Creates a code bound to the workshop and the agent id. Refused when the agent id is an
   * agent of another workshop, or is reserved by a live code of another workshop; the exchange
   * checks the binding again, since the id can be taken between creation and exchange.
   */
  async create(workshopId: string, request: unknown, creator: EnrollmentCreator): Promise<IssuedEnrollmentCode> {
    const r = parseOrThrow(EnrollmentCodeRequestSchema, request ?? {});
    const w = await this.db.selectFrom('workshops').select('id').where('id', '=', workshopId).executeTakeFirst();
    if (!w) throw notFound(`workshop "${workshopId}"`);
    const agentId = r.agentId ?? (await this.nextAgentId(workshopId));
    const existing = await this.agents.find(agentId);
    const now = Date.now();
    const nowIso = new Date(now).toISOString();
    const pendingElsewhere = await this.db
      .selectFrom('enrollment_codes')
      .select('id')
      .where('agent_id', '=', agentId)
      .where('workshop_id', '!=', workshopId)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', nowIso)
      .executeTakeFirst();
    if ((existing && existing.workshopId !== workshopId) || pendingElsewhere) {
      throw new HttpError(
        'conflict',
        `agent "${agentId}" belongs to another workshop / 에이전트 "${agentId}"는 다른 작업장 소속입니다`,
      );
    }
    const by = typeof creator === 'string' ? { userId: undefined, username: creator } : creator;
    const user = by.userId
      ? await this.db.selectFrom('users').select('id').where('id', '=', by.userId).executeTakeFirst()
      : undefined;
    const code = newEnrollmentCode();
    const id = randomUUID();
    const expiresAt = new Date(now + r.ttlMinutes * 60_000).toISOString();
    await this.db
      .insertInto('enrollment_codes')
      .values({
        id,
        code_hash: hashEnrollmentCode(code),
        workshop_id: workshopId,
        agent_id: agentId,
        created_by: by.username,
        creator_user_id: user?.id ?? null,
        created_at: nowIso,
        expires_at: expiresAt,
        used_at: null,
        revoked_at: null,
        revoked_by: null,
      })
      .execute();
    return { id, code, workshopId, agentId, expiresAt };
  }

  private async nextAgentId(workshopId: string): Promise<string> {
    const taken = new Set((await this.db.selectFrom('agents').select('id').execute()).map((a) => a.id));
    // Every code's agent id, of any workshop: a default id never collides with another's code.
    const pending = await this.db.selectFrom('enrollment_codes').select('agent_id').execute();
    for (const p of pending) taken.add(p.agent_id);
    for (let n = 1; ; n++) {
      const id = `${workshopId}-agent-${n}`.slice(0, 64);
      if (!taken.has(id)) return id;
    }
  }

  /** The workshop's codes, newest first, with what the exchange would say about each. */
  async list(workshopId: string): Promise<EnrollmentCodeInfo[]> {
    const rows = await this.db
      .selectFrom('enrollment_codes as c')
      .leftJoin('users as u', 'u.id', 'c.creator_user_id')
      .leftJoin('user_workshops as uw', (j) =>
        j.onRef('uw.user_id', '=', 'c.creator_user_id').onRef('uw.workshop_id', '=', 'c.workshop_id'),
      )
      .selectAll('c')
      .select(['u.id as creator_id', 'u.role as creator_role', 'u.disabled_at as creator_disabled_at'])
      .select('uw.user_id as creator_assigned')
      .where('c.workshop_id', '=', workshopId)
      .orderBy('c.created_at', 'desc')
      .execute();
    const now = new Date().toISOString();
    return rows.map((r) => {
      // The same rule as the exchange's creator check (exchange.ts), so the list never says
      // `pending` for a code the exchange would refuse.
      const creatorGone = r.creator_user_id !== null && (r.creator_id === null || r.creator_disabled_at !== null);
      const creatorUnassigned =
        r.creator_user_id !== null &&
        !creatorGone &&
        r.creator_role !== 'admin' &&
        !(r.creator_role === 'technician' && r.creator_assigned !== null);
      let status: EnrollmentCodeInfo['status'] = 'pending';
      if (r.used_at !== null) status = 'used';
      else if (r.revoked_at !== null) status = 'revoked';
      else if (r.expires_at <= now) status = 'expired';
      else if (creatorGone) status = 'creator_disabled';
      else if (creatorUnassigned) status = 'creator_unassigned';
      return {
        id: r.id ?? '',
        workshopId: r.workshop_id,
        agentId: r.agent_id,
        createdBy: r.created_by,
        createdAt: r.created_at,
        expiresAt: r.expires_at,
        usedAt: r.used_at,
        revokedAt: r.revoked_at,
        revokedBy: r.revoked_by,
        status,
      };
    });
  }

  /**
   * Revokes an unused code of the workshop. Revoking twice is fine; a used code cannot be
   * revoked (revoke the agent's token instead), and a code of another workshop is not found.
   */
  async revoke(workshopId: string, codeId: string, by: string): Promise<void> {
    const r = await this.db
      .updateTable('enrollment_codes')
      .set({ revoked_at: new Date().toISOString(), revoked_by: by })
      .where('id', '=', codeId)
      .where('workshop_id', '=', workshopId)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 1) return;
    const row = await this.db
      .selectFrom('enrollment_codes')
      .select(['used_at', 'revoked_at'])
      .where('id', '=', codeId)
      .where('workshop_id', '=', workshopId)
      .executeTakeFirst();
    if (!row) throw notFound(`enrollment code "${codeId}"`);
    if (row.used_at !== null) {
      throw new HttpError(
        'enrollment_code_used',
        'enrollment code already used; revoke the agent token instead / 이미 사용된 코드입니다. 에이전트 토큰을 폐기하세요',
      );
    }
  }

  /** See `exchangeCode`: once, for the bound agent and workshop only, while the creator may. */
  exchange(code: string): Promise<EnrollmentGrant> {
    return exchangeCode(this.db, this.validate, code);
  }
}
