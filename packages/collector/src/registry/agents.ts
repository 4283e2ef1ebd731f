import {
  type AgentTable,
  HttpError,
  hashToken,
  isUniqueViolation,
  newToken,
  notFound,
  type RegistryDb,
  safeEqual,
} from '../core/index.js';

/** An agent as the registry shows it; never the token or its hash. */
export interface Agent {
  id: string;
  workshopId: string;
  hasToken: boolean;
  /** The agent asked for a new token and has not used it yet. */
  tokenRotationPending: boolean;
  tokenIssuedAt: string | null;
  revokedAt: string | null;
  lastSeenAt: string | null;
  version: string | null;
  appliedConfigVersion: number | null;
  failedConfigVersion: number | null;
  failedConfigReason: string | null;
  createdAt: string;
}

const toAgent = (r: AgentTable): Agent => ({
  id: r.id,
  workshopId: r.workshop_id,
  hasToken: r.token_hash !== null,
  tokenRotationPending: r.next_token_hash !== null,
  tokenIssuedAt: r.token_issued_at,
  revokedAt: r.revoked_at,
  lastSeenAt: r.last_seen_at,
  version: r.version,
  appliedConfigVersion: r.applied_config_version,
  failedConfigVersion: r.failed_config_version,
  failedConfigReason: r.failed_config_reason,
  createdAt: r.created_at,
});

/** What an agent reports with each heartbeat. */
export interface AgentHeartbeat {
  version?: string;
  appliedConfigVersion?: number | null;
  failedConfigVersion?: number | null;
  failedConfigReason?: string | null;
}

/** Agents: the workshop each belongs to, its token (hash only), last seen, version, config state. */
export class AgentRepository {
  constructor(private readonly db: RegistryDb) {}

  async create(id: string, workshopId: string): Promise<Agent> {
    const row: AgentTable = {
      id,
      workshop_id: workshopId,
      token_hash: null,
      next_token_hash: null,
      token_issued_at: null,
      revoked_at: null,
      last_seen_at: null,
      version: null,
      applied_config_version: null,
      failed_config_version: null,
      failed_config_reason: null,
      created_at: new Date().toISOString(),
    };
    try {
      await this.db.insertInto('agents').values(row).execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw new HttpError('conflict', `agent "${id}" already exists`);
      throw err;
    }
    return toAgent(row);
  }

  async find(id: string): Promise<Agent | undefined> {
    const r = await this.db.selectFrom('agents').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toAgent(r) : undefined;
  }

  async get(id: string): Promise<Agent> {
    const a = await this.find(id);
    if (!a) throw notFound(`agent "${id}"`);
    return a;
  }

  async list(workshopIds: readonly string[] | 'all' = 'all'): Promise<Agent[]> {
    if (workshopIds !== 'all' && workshopIds.length === 0) return [];
    let q = this.db.selectFrom('agents').selectAll().orderBy('id');
    if (workshopIds !== 'all') q = q.where('workshop_id', 'in', [...workshopIds]);
    return (await q.execute()).map(toAgent);
  }

  /**
   * Issues a new token and returns it (the only time it is visible). The previous token stops
   * working at once: its hash is overwritten in the same statement. Clears a revocation.
   */
  async issueToken(id: string, db: RegistryDb = this.db): Promise<string> {
    const token = newToken('agent');
    const r = await db
      .updateTable('agents')
      .set({
        token_hash: hashToken(token),
        next_token_hash: null,
        token_issued_at: new Date().toISOString(),
        revoked_at: null,
      })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw notFound(`agent "${id}"`);
    return token;
  }

  /**
   * The agent's own rotation: issues a pending token and returns it. The current token keeps
   * working until the pending one is first used, which makes it current and ends the old one;
   * an agent that fails to save the new token loses nothing. A second call replaces the
   * pending token.
   */
  async beginRotation(id: string): Promise<string> {
    const token = newToken('agent');
    const r = await this.db
      .updateTable('agents')
      .set({ next_token_hash: hashToken(token) })
      .where('id', '=', id)
      .where('token_hash', 'is not', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw notFound(`agent "${id}" with a token`);
    return token;
  }

  /** Revokes the agent's token at once; the agent needs a new enrollment code or a rotation to return. */
  async revoke(id: string): Promise<void> {
    const r = await this.db
      .updateTable('agents')
      .set({ token_hash: null, next_token_hash: null, revoked_at: new Date().toISOString() })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw notFound(`agent "${id}"`);
  }

  /** The agent a bearer token belongs to, or undefined. Looked up on every request: no cache, so rotation and revocation act at once. */
  async authenticate(token: string): Promise<{ agentId: string; workshopId: string } | undefined> {
    if (!token.startsWith('gba_')) return undefined;
    const hash = hashToken(token);
    const r = await this.db
      .selectFrom('agents')
      .select(['id', 'workshop_id', 'token_hash', 'next_token_hash'])
      .where((eb) => eb.or([eb('token_hash', '=', hash), eb('next_token_hash', '=', hash)]))
      .executeTakeFirst();
    if (!r) return undefined;
    if (r.token_hash !== null && safeEqual(r.token_hash, hash)) return { agentId: r.id, workshopId: r.workshop_id };
    if (r.next_token_hash === null || !safeEqual(r.next_token_hash, hash)) return undefined;
    // First use of a pending token: it becomes the token, and the old one stops here. The
    // condition makes the swap happen once even when two requests race.
    await this.db
      .updateTable('agents')
      .set({ token_hash: hash, next_token_hash: null, token_issued_at: new Date().toISOString() })
      .where('id', '=', r.id)
      .where('next_token_hash', '=', hash)
      .execute();
    return { agentId: r.id, workshopId: r.workshop_id };
  }

  async recordHeartbeat(id: string, hb: AgentHeartbeat): Promise<void> {
    const set: Partial<AgentTable> = { last_seen_at: new Date().toISOString() };
    if (hb.version !== undefined) set.version = hb.version;
    if (hb.appliedConfigVersion !== undefined) set.applied_config_version = hb.appliedConfigVersion;
    if (hb.failedConfigVersion !== undefined) {
      set.failed_config_version = hb.failedConfigVersion;
      set.failed_config_reason = hb.failedConfigReason ?? null;
    }
    await this.db.updateTable('agents').set(set).where('id', '=', id).execute();
  }

  async touch(id: string): Promise<void> {
    await this.db.updateTable('agents').set({ last_seen_at: new Date().toISOString() }).where('id', '=', id).execute();
  }
}
