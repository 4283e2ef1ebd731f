import { randomUUID } from 'node:crypto';
import { IdSchema } from '@gongbang/shared';
import { z } from 'zod';
import {
  HttpError,
  hashToken,
  isForeignKeyViolation,
  isUniqueViolation,
  notFound,
  PROGRAMME_ROLES,
  type Principal,
  parseOrThrow,
  type RegistryDb,
  type Role,
  RoleSchema,
} from '../core/index.js';
import { DEFAULT_SCRYPT_COST, hashPassword, MIN_PASSWORD_LENGTH, type ScryptCost, verifyPassword } from './password.js';
import type { User } from './types.js';

export const UserInputSchema = z
  .strictObject({
    username: z
      .string()
      .trim()
      .min(3)
      .max(64)
      .regex(/^[A-Za-z0-9._@-]+$/, { message: 'letters, digits and . _ @ -' }),
    password: z.string().min(MIN_PASSWORD_LENGTH).max(1024).optional(),
    role: RoleSchema,
    workshopIds: z.array(IdSchema).default([]),
  })
  .refine((u) => u.role !== 'owner' || u.workshopIds.length === 1, {
    message: 'an owner has exactly one workshop',
    path: ['workshopIds'],
  });
export type UserInput = z.input<typeof UserInputSchema>;

// A fixed hash to verify against when the user does not exist, so timing does not tell.
let dummyHash: Promise<string> | undefined;

/** Users, their roles and workshops; password checks. */
export class UserRepository {
  constructor(
    private readonly db: RegistryDb,
    private readonly cost: ScryptCost = DEFAULT_SCRYPT_COST,
  ) {}

  async create(input: UserInput): Promise<User> {
    const u = parseOrThrow(UserInputSchema, input);
    const id = randomUUID();
    const now = new Date().toISOString();
    const passwordHash = u.password ? await hashPassword(u.password, this.cost) : null;
    const workshopIds = PROGRAMME_ROLES.includes(u.role) ? [] : [...new Set(u.workshopIds)];
    try {
      await this.db.transaction().execute(async (tx) => {
        await tx
          .insertInto('users')
          .values({
            id,
            username: u.username,
            password_hash: passwordHash,
            role: u.role,
            created_at: now,
            disabled_at: null,
          })
          .execute();
        if (workshopIds.length > 0) {
          await tx
            .insertInto('user_workshops')
            .values(workshopIds.map((w) => ({ user_id: id, workshop_id: w })))
            .execute();
        }
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new HttpError('conflict', `user "${u.username}" already exists`);
      if (isForeignKeyViolation(err)) throw new HttpError('invalid', `unknown workshop in ${workshopIds.join(', ')}`);
      throw err;
    }
    return {
      id,
      username: u.username,
      role: u.role,
      workshopIds,
      hasPassword: passwordHash !== null,
      createdAt: now,
      disabledAt: null,
    };
  }

  /**
   * Sets a password and ends the user's sessions in the same transaction: after a reset a
   * stolen cookie is worthless (issue #10, item 7). `keepSession` (a session cookie value)
   * spares the session of a user changing their own password. API tokens stay: scripts are
   * revoked one by one.
   */
  async setPassword(userId: string, password: string, opts: { keepSession?: string } = {}): Promise<void> {
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new HttpError('invalid', `password: at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    const hash = await hashPassword(password, this.cost);
    await this.db.transaction().execute(async (tx) => {
      const r = await tx.updateTable('users').set({ password_hash: hash }).where('id', '=', userId).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw notFound(`user "${userId}"`);
      let end = tx.deleteFrom('sessions').where('user_id', '=', userId);
      if (opts.keepSession) end = end.where('token_hash', '!=', hashToken(opts.keepSession));
      await end.execute();
    });
  }

  /** Replaces the workshops of a technician or owner. */
  async setWorkshops(userId: string, workshopIds: string[]): Promise<void> {
    try {
      await this.db.transaction().execute(async (tx) => {
        await tx.deleteFrom('user_workshops').where('user_id', '=', userId).execute();
        const ids = [...new Set(workshopIds)];
        if (ids.length > 0)
          await tx
            .insertInto('user_workshops')
            .values(ids.map((w) => ({ user_id: userId, workshop_id: w })))
            .execute();
      });
    } catch (err) {
      if (isForeignKeyViolation(err)) throw new HttpError('invalid', 'unknown user or workshop');
      throw err;
    }
  }

  /** Disables a user and ends their sessions at once; their API tokens stop with the user. */
  async disable(userId: string): Promise<void> {
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      const r = await tx.updateTable('users').set({ disabled_at: now }).where('id', '=', userId).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw notFound(`user "${userId}"`);
      await tx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    });
  }

  async list(): Promise<User[]> {
    const users = await this.db.selectFrom('users').selectAll().orderBy('username').execute();
    const links = await this.db.selectFrom('user_workshops').selectAll().execute();
    return users.map((u) => ({
      id: u.id,
      username: u.username,
      role: u.role as Role,
      workshopIds: links
        .filter((l) => l.user_id === u.id)
        .map((l) => l.workshop_id)
        .sort(),
      hasPassword: u.password_hash !== null,
      createdAt: u.created_at,
      disabledAt: u.disabled_at,
    }));
  }

  async get(userId: string): Promise<User> {
    const u = (await this.list()).find((x) => x.id === userId);
    if (!u) throw notFound(`user "${userId}"`);
    return u;
  }

  async findByUsername(username: string): Promise<User | undefined> {
    return (await this.list()).find((x) => x.username === username);
  }

  /** The principal of an enabled user, or undefined. */
  async principal(userId: string, via: Principal['via'], csrfToken?: string): Promise<Principal | undefined> {
    const u = await this.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
    if (!u || u.disabled_at !== null) return undefined;
    const role = u.role as Role;
    let workshopIds: Principal['workshopIds'] = 'all';
    if (!PROGRAMME_ROLES.includes(role)) {
      const links = await this.db
        .selectFrom('user_workshops')
        .select('workshop_id')
        .where('user_id', '=', userId)
        .execute();
      workshopIds = links.map((l) => l.workshop_id);
    }
    return { userId, username: u.username, role, workshopIds, via, ...(csrfToken ? { csrfToken } : {}) };
  }

  /** The user id if username and password match an enabled user; the same work is done either way. */
  async checkPassword(username: string, password: string): Promise<string | undefined> {
    const u = await this.db
      .selectFrom('users')
      .select(['id', 'password_hash', 'disabled_at'])
      .where('username', '=', username)
      .executeTakeFirst();
    if (!u || u.password_hash === null) {
      dummyHash ??= hashPassword('not-a-password', this.cost);
      await verifyPassword(password, await dummyHash);
      return undefined;
    }
    const ok = await verifyPassword(password, u.password_hash);
    return ok && u.disabled_at === null ? u.id : undefined;
  }
}
