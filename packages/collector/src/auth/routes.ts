import type {} from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  ANY_USER,
  allow,
  audit,
  doc,
  type FailureThrottle,
  HttpError,
  PUBLIC_LIMITED,
  parseOrThrow,
  requirePrincipal,
} from '../core/index.js';
import type { ApiTokenInfo, ApiTokenRepository, SessionRepository, UserRepository } from '../users/index.js';
import { ownPasswordRoute } from './password-route.js';
import { SESSION_COOKIE } from './registry-authenticators.js';

/** The parts of the registry these routes use. */
type Deps = {
  users: UserRepository;
  sessions: SessionRepository;
  apiTokens: ApiTokenRepository;
  loginThrottle: FailureThrottle;
};

/** Options of the login routes. */
export interface AuthRoutesOptions {
  registry: Deps;
  /** Set the session cookie's `Secure` flag. Default true; turn off only for plain-HTTP development. */
  secureCookies?: boolean;
}

/** The answer of `POST /api/v1/auth/api-tokens`: the token's record and, this once, its secret. */
export interface CreatedApiToken extends ApiTokenInfo {
  /** The secret (`gbu_…`); only its hash is kept, so it is never shown again. */
  token: string;
}

const LoginSchema = z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) });
const TokenSchema = z.strictObject({ name: z.string().trim().min(1).max(100) });

/** Login (rate-limited by failures), logout, who am I, and API tokens for scripts. */
export async function authRoutes(app: FastifyInstance, opts: AuthRoutesOptions): Promise<void> {
  const { registry } = opts;
  const secure = opts.secureCookies ?? true;

  app.post(
    '/api/v1/auth/login',
    doc(PUBLIC_LIMITED, 'Sign in: sets the session cookie, answers the CSRF token', 'auth'),
    async (request, reply) => {
      const body = parseOrThrow(LoginSchema, request.body);
      const target = { username: body.username };
      const keys = [`ip:${request.ip}`, `user:${body.username.toLowerCase()}`];
      // The slot is taken before the slow password check, so parallel guesses cannot pass the limit.
      const slot = await registry.loginThrottle.reserve(keys);
      if (!slot.ok) {
        audit(request.log, {
          event: 'auth.login',
          actor: null,
          target,
          outcome: 'refused',
          reason: 'rate_limited',
          ip: request.ip,
        });
        throw new HttpError('rate_limited', 'too many failed logins; try again later / 잠시 후 다시 시도하세요', {
          retryAfterS: slot.retryAfterS,
        });
      }
      let userId: string | undefined;
      try {
        userId = await registry.users.checkPassword(body.username, body.password);
      } catch (err) {
        await slot.reservation.succeeded(); // our fault, not a guess: give the slot back
        throw err;
      }
      if (!userId) {
        await slot.reservation.failed();
        audit(request.log, {
          event: 'auth.login',
          actor: null,
          target,
          outcome: 'failure',
          reason: 'wrong_password',
          ip: request.ip,
        });
        throw new HttpError('unauthorized', 'wrong username or password / 아이디 또는 비밀번호가 틀립니다');
      }
      await slot.reservation.succeeded();
      audit(request.log, {
        event: 'auth.login',
        actor: body.username,
        target: { userId },
        outcome: 'success',
        ip: request.ip,
      });
      // Expired sessions are swept at sign-in: cheap, and needs no timer in every collector.
      await registry.sessions.purgeExpired();
      const session = await registry.sessions.create(userId);
      const principal = await registry.users.principal(userId, 'session', session.csrfToken);
      reply.setCookie(SESSION_COOKIE, session.token, {
        httpOnly: true,
        secure,
        sameSite: 'strict',
        path: '/',
        expires: new Date(session.expiresAt),
      });
      return {
        user: principal && { ...principal, csrfToken: undefined },
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt,
      };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    doc(allow(...ANY_USER), 'Sign out: ends the session at once', 'auth'),
    async (request, reply) => {
      const cookie = request.cookies?.[SESSION_COOKIE];
      if (cookie) await registry.sessions.destroy(cookie);
      reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, secure, sameSite: 'strict' });
      return { ok: true };
    },
  );

  app.get('/api/v1/auth/me', doc(allow(...ANY_USER), 'Who am I: role and workshops', 'auth'), async (request) => {
    const p = requirePrincipal(request);
    return {
      userId: p.userId,
      username: p.username,
      role: p.role,
      workshopIds: p.workshopIds,
      via: p.via,
      csrfToken: p.csrfToken,
    };
  });

  app.post(
    '/api/v1/auth/api-tokens',
    doc(allow(...ANY_USER), 'Create an API token for scripts (shown once)', 'auth'),
    async (request, reply) => {
      const p = requirePrincipal(request);
      const body = parseOrThrow(TokenSchema, request.body);
      const created = await registry.apiTokens.create(p.userId, body.name);
      audit(request.log, {
        event: 'api_token.create',
        actor: p.username,
        target: { userId: p.userId, tokenId: created.info.id },
        outcome: 'success',
      });
      const answer: CreatedApiToken = { token: created.token, ...created.info };
      return reply.code(201).send(answer);
    },
  );

  app.get(
    '/api/v1/auth/api-tokens',
    doc(allow(...ANY_USER), 'My API tokens (never the tokens themselves)', 'auth'),
    async (request) => {
      return { tokens: await registry.apiTokens.list(requirePrincipal(request).userId) };
    },
  );

  app.delete<{ Params: { tokenId: string } }>(
    '/api/v1/auth/api-tokens/:tokenId',
    doc(allow(...ANY_USER), 'Revoke one of my API tokens', 'auth'),
    async (request, reply) => {
      const p = requirePrincipal(request);
      await registry.apiTokens.revoke(request.params.tokenId, p.userId);
      audit(request.log, {
        event: 'api_token.revoke',
        actor: p.username,
        target: { userId: p.userId, tokenId: request.params.tokenId },
        outcome: 'success',
      });
      return reply.code(204).send();
    },
  );

  await ownPasswordRoute(app, { registry });
}
