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
  parseOrThrow,
  requirePrincipal,
} from '../core/index.js';
import type { UserRepository } from '../users/index.js';
import { MIN_PASSWORD_LENGTH } from '../users/index.js';
import { SESSION_COOKIE } from './registry-authenticators.js';

/** The parts of the registry these routes use. */
type Deps = { users: UserRepository; loginThrottle: FailureThrottle };

const OwnPasswordSchema = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(MIN_PASSWORD_LENGTH).max(1024),
});

/**
 * A user changes their own password. The current password is asked (a borrowed session must
 * not be enough) and its guesses count against the login throttle of that username. Every
 * other session of the user ends; the one making the change stays signed in.
 */
export async function ownPasswordRoute(app: FastifyInstance, opts: { registry: Deps }): Promise<void> {
  const { registry } = opts;
  app.post(
    '/api/v1/auth/password',
    doc(allow(...ANY_USER), 'Change my password (ends my other sessions)', 'auth'),
    async (request, reply) => {
      const p = requirePrincipal(request);
      const body = parseOrThrow(OwnPasswordSchema, request.body);
      const event = 'user.password_change';
      const target = { userId: p.userId };
      const slot = await registry.loginThrottle.reserve([`user:${p.username.toLowerCase()}`]);
      if (!slot.ok) {
        audit(request.log, { event, actor: p.username, target, outcome: 'refused', reason: 'rate_limited' });
        throw new HttpError('rate_limited', 'too many wrong passwords; try again later / 잠시 후 다시 시도하세요', {
          retryAfterS: slot.retryAfterS,
        });
      }
      let ok: boolean;
      try {
        ok = (await registry.users.checkPassword(p.username, body.currentPassword)) === p.userId;
      } catch (err) {
        await slot.reservation.succeeded(); // our fault, not a guess: give the slot back
        throw err;
      }
      if (!ok) {
        await slot.reservation.failed();
        audit(request.log, { event, actor: p.username, target, outcome: 'failure', reason: 'wrong_password' });
        const message = 'wrong password / 현재 비밀번호가 틀립니다';
        throw new HttpError('invalid', `currentPassword: ${message}`, {
          issues: [{ path: 'currentPassword', message }],
        });
      }
      await slot.reservation.succeeded();
      const keep = p.via === 'session' ? request.cookies?.[SESSION_COOKIE] : undefined;
      await registry.users.setPassword(p.userId, body.newPassword, { keepSession: keep });
      audit(request.log, { event, actor: p.username, target, outcome: 'success' });
      return reply.code(204).send();
    },
  );
}
