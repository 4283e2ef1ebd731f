import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { allow, audit, doc, parseOrThrow, requirePrincipal } from '../core/index.js';
import type { UserRepository } from './repository.js';

/** The parts of the registry these routes use. */
type Deps = { users: UserRepository };

const ADMIN = allow('admin');
const WorkshopsSchema = z.strictObject({ workshopIds: z.array(z.string().min(1)) });
const PasswordSchema = z.strictObject({ password: z.string().min(1).max(1024) });

/** User administration: admins only. */
export async function userRoutes(app: FastifyInstance, opts: { registry: Deps }): Promise<void> {
  const { registry } = opts;
  type P = { Params: { userId: string } };

  app.get('/api/v1/users', doc(ADMIN, 'Users', 'users'), async () => ({ users: await registry.users.list() }));

  const actor = (request: Parameters<typeof requirePrincipal>[0]) => requirePrincipal(request).username;

  app.post('/api/v1/users', doc(ADMIN, 'Create a user', 'users'), async (request, reply) => {
    const user = await registry.users.create(request.body as never);
    audit(request.log, {
      event: 'user.create',
      actor: actor(request),
      target: { userId: user.id, username: user.username, role: user.role },
      outcome: 'success',
    });
    return reply.code(201).send(user);
  });

  app.get<P>('/api/v1/users/:userId', doc(ADMIN, 'One user', 'users'), async (request) =>
    registry.users.get(request.params.userId),
  );

  app.put<P>(
    '/api/v1/users/:userId/workshops',
    doc(ADMIN, "Set a technician's or owner's workshops", 'users'),
    async (request) => {
      const body = parseOrThrow(WorkshopsSchema, request.body);
      await registry.users.get(request.params.userId);
      await registry.users.setWorkshops(request.params.userId, body.workshopIds);
      audit(request.log, {
        event: 'user.workshops',
        actor: actor(request),
        target: { userId: request.params.userId, workshopIds: body.workshopIds.join(',') },
        outcome: 'success',
      });
      return registry.users.get(request.params.userId);
    },
  );

  app.post<P>(
    '/api/v1/users/:userId/password',
    doc(ADMIN, "Set a user's password (ends their sessions)", 'users'),
    async (request, reply) => {
      const body = parseOrThrow(PasswordSchema, request.body);
      await registry.users.setPassword(request.params.userId, body.password);
      audit(request.log, {
        event: 'user.password_reset',
        actor: actor(request),
        target: { userId: request.params.userId },
        outcome: 'success',
      });
      return reply.code(204).send();
    },
  );

  app.post<P>(
    '/api/v1/users/:userId/disable',
    doc(ADMIN, 'Disable a user (ends their sessions)', 'users'),
    async (request, reply) => {
      await registry.users.disable(request.params.userId);
      audit(request.log, {
        event: 'user.disable',
        actor: actor(request),
        target: { userId: request.params.userId },
        outcome: 'success',
      });
      return reply.code(204).send();
    },
  );
}
