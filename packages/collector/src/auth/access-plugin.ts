import cookie from '@fastify/cookie';
import type { FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import {
  type AgentAuthenticator,
  bearerToken,
  HttpError,
  ROLES,
  type RouteAccess,
  safeEqual,
  type UserAuthenticator,
} from '../core/index.js';
import { RouteAccessError } from './errors.js';

/** Options of the access plugin. */
export interface AccessControlOptions {
  /** Agent tokens: the registry's enrolled agents, then collector.yaml's `agents:` (auth/chain.ts). */
  agentAuth: AgentAuthenticator;
  /** People: registry sessions and API tokens, then collector.yaml's `apiTokens:` (auth/chain.ts). */
  userAuth: UserAuthenticator;
  /**
   * URL prefixes whose routes, when they declare nothing, are public: for routes added by
   * third-party plugins (e.g. `/docs` from @fastify/swagger-ui). Default none.
   */
  publicPrefixes?: readonly string[];
  /** Header carrying the CSRF token on unsafe requests from a browser session. Default `x-csrf-token`. */
  csrfHeader?: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function checkDeclaration(route: RouteOptions, publicPrefixes: readonly string[]): void {
  const config = (route.config ?? {}) as { access?: RouteAccess };
  if (config.access === undefined) {
    if (publicPrefixes.some((p) => route.url.startsWith(p))) {
      route.config = { ...config, access: 'public' } as RouteOptions['config'];
      return;
    }
    throw new RouteAccessError(route.method, route.url, 'declares no access');
  }
  const a = config.access;
  if (a === 'public' || a === 'agent') return;
  if (!a || !Array.isArray(a.roles) || a.roles.length === 0 || a.roles.some((r) => !ROLES.includes(r))) {
    throw new RouteAccessError(route.method, route.url, `has an invalid access declaration ${JSON.stringify(a)}`);
  }
}

/**
 * The collector's one access plugin. Enforces the route access convention (core/access.ts)
 * for every route registered after it:
 * - refuses at startup any route without a valid `config.access`;
 * - `agent` routes need a live agent token (`request.agentIdentity`);
 * - `{ roles }` routes need a user with one of the roles (`request.principal`), 401/403 otherwise;
 * - workshop scope: a `:workshopId` outside the caller's workshops answers 404, exactly like
 *   a workshop that does not exist — never the data;
 * - CSRF: a browser session must send its session's token in `x-csrf-token` on unsafe
 *   methods (synchronizer-token pattern; the token lives in the session row, so every
 *   collector behind a load balancer checks the same one). API tokens need none.
 * Refusals are thrown as `HttpError`s, so the app's one error handler answers them (and the
 * ingest metrics count them by code). Register it before any route.
 */
export const accessControl = fp<AccessControlOptions>(
  async (app, opts) => {
    const publicPrefixes = opts.publicPrefixes ?? [];
    const csrfHeader = (opts.csrfHeader ?? 'x-csrf-token').toLowerCase();
    // Session cookies must be parsed before the access check runs (hooks run in order).
    if (!app.hasRequestDecorator('cookies')) await app.register(cookie);
    app.decorateRequest('principal', undefined);
    app.decorateRequest('agentIdentity', undefined);
    app.addHook('onRoute', (route) => checkDeclaration(route, publicPrefixes));

    app.addHook('onRequest', async (request: FastifyRequest) => {
      const access = (request.routeOptions.config as { access?: RouteAccess } | undefined)?.access;
      // No declaration means no route matched (the not-found handler): nothing to protect.
      if (access === undefined || access === 'public') return;
      if (access === 'agent') {
        const token = bearerToken(request.headers.authorization);
        const identity = token ? await opts.agentAuth.authenticate(token) : null;
        if (!identity)
          throw new HttpError('unauthorized', 'missing, unknown or revoked agent token (Authorization: Bearer …)');
        request.agentIdentity = identity;
        return;
      }
      const principal = await opts.userAuth.authenticate(request);
      if (!principal) throw new HttpError('unauthorized', 'sign in or send an API token / 먼저 로그인하세요');
      if (!access.roles.includes(principal.role)) {
        throw new HttpError('forbidden', `role ${principal.role} may not use this route / 권한이 없습니다`);
      }
      const workshopId = (request.params as Record<string, string> | undefined)?.workshopId;
      if (workshopId !== undefined && principal.workshopIds !== 'all' && !principal.workshopIds.includes(workshopId)) {
        throw new HttpError('not_found', `workshop "${workshopId}" not found`);
      }
      if (principal.via === 'session' && !SAFE_METHODS.has(request.method)) {
        const sent = request.headers[csrfHeader];
        if (typeof sent !== 'string' || !principal.csrfToken || !safeEqual(sent, principal.csrfToken)) {
          throw new HttpError('csrf_invalid', `missing or wrong ${csrfHeader} header`);
        }
      }
      request.principal = principal;
    });
  },
  { name: 'gongbang-access-control', fastify: '5.x' },
);
