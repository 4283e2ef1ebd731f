import { randomBytes, randomUUID } from 'node:crypto';
import { hashToken, newToken, notFound, type RegistryDb } from '../core/index.js';

/** A browser session: the cookie value (shown once) and the CSRF token bound to it. */
export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: string;
}

/**
 * Sessions and API tokens live in the registry, so every collector behind a load balancer
 * sees the same ones, and a logout or revocation acts at once everywhere.
 */
export class SessionRepository {
  constructor(
    private readonly db: RegistryDb,
    /** Session lifetime, ms. Default 12 h (one working day plus overtime). */
    private readonly ttlMs = 12 * 3600_000,
  ) {}

  async create(userId: string): Promise<NewSession> {
    const token = newToken('session');
    const csrfToken = randomBytes(32).toString('base64url');
    const now = Date.now();
    const expiresAt = new Date(now + this.ttlMs).toISOString();
    await this.db
      .insertInto('sessions')
      .values({
        token_hash: hashToken(token),
        user_id: userId,
        csrf_token: csrfToken,
        created_at: new Date(now).toISOString(),
        expires_at: expiresAt,
      })
      .execute();
    return { token, csrfToken, expiresAt };
  }

  /** The user and CSRF token of a live session. */
  async lookup(token: string): Promise<{ userId: string; csrfToken: string } | undefined> {
    const r = await this.db
      .selectFrom('sessions')
      .select(['user_id', 'csrf_token', 'expires_at'])
      .where('token_hash', '=', hashToken(token))
      .executeTakeFirst();
    if (!r || r.expires_at <= new Date().toISOString()) return undefined;
    return { userId: r.user_id, csrfToken: r.csrf_token };
  }

  async destroy(token: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
  }

  async purgeExpired(): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<=', new Date().toISOString()).execute();
  }
}

/** An API token for scripts, shown once at creation. */
export interface ApiTokenInfo {
  id: string;
  userId: string;
  name: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export class ApiTokenRepository {
  constructor(private readonly db: RegistryDb) {}

  async create(userId: string, name: string): Promise<{ token: string; info: ApiTokenInfo }> {
    const token = newToken('user');
    const info: ApiTokenInfo = {
      id: randomUUID(),
      userId,
      name,
      createdAt: new Date().toISOString(),
      revokedAt: null,
      lastUsedAt: null,
    };
    await this.db
      .insertInto('api_tokens')
      .values({
        id: info.id,
        user_id: userId,
        name,
        token_hash: hashToken(token),
        created_at: info.createdAt,
        revoked_at: null,
        last_used_at: null,
      })
      .execute();
    return { token, info };
  }

  async authenticate(token: string): Promise<string | undefined> {
    if (!token.startsWith('gbu_')) return undefined;
    const r = await this.db
      .selectFrom('api_tokens')
      .select(['id', 'user_id', 'revoked_at'])
      .where('token_hash', '=', hashToken(token))
      .executeTakeFirst();
    if (!r || r.revoked_at !== null) return undefined;
    await this.db
      .updateTable('api_tokens')
      .set({ last_used_at: new Date().toISOString() })
      .where('id', '=', r.id)
      .execute();
    return r.user_id;
  }

  async list(userId?: string): Promise<ApiTokenInfo[]> {
    let q = this.db.selectFrom('api_tokens').selectAll().orderBy('created_at');
    if (userId) q = q.where('user_id', '=', userId);
    return (await q.execute()).map((r) => ({
      id: r.id,
      userId: r.user_id,
      name: r.name,
      createdAt: r.created_at,
      revokedAt: r.revoked_at,
      lastUsedAt: r.last_used_at,
    }));
  }

  async revoke(id: string, userId?: string): Promise<void> {
    let q = this.db.updateTable('api_tokens').set({ revoked_at: new Date().toISOString() }).where('id', '=', id);
    if (userId) q = q.where('user_id', '=', userId);
    const r = await q.executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw notFound(`API token "${id}"`);
  }
}
