import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Security headers on every answer — routes, 404s and errors alike (an `onSend` hook runs for
 * all of them):
 *
 * - `X-Content-Type-Options: nosniff`: a browser never reads a JSON or CSV answer (which may
 *   hold text an agent or a user sent) as HTML or script.
 * - `X-Frame-Options: DENY` and CSP `frame-ancestors 'none'`: no other site can frame /docs or
 *   any other page to trick a signed-in admin into clicking (clickjacking). The CSP is only set
 *   when the route set none; a route's own CSP is left as it is.
 * - `Cache-Control: no-store` on every answer whose route chose no caching of its own: login
 *   and session answers, API tokens, enrollment grants and agent token rotations carry
 *   secrets, and the rest is private data. Keyed on nothing in the URL, so no spelling of a
 *   path (`/%61pi/…`, `//api`) gets around it; static files (Swagger UI) set their own.
 *
 * A small hook rather than @fastify/helmet: helmet's default CSP would break Swagger UI's inline
 * scripts, and the three headers need no more than this.
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    reply.header('x-content-type-options', 'nosniff');
    if (!reply.hasHeader('x-frame-options')) reply.header('x-frame-options', 'DENY');
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', "frame-ancestors 'none'");
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}
