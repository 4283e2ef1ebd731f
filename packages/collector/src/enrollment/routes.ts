import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  AGENT_WRITERS,
  allow,
  audit,
  doc,
  type FailureThrottle,
  HttpError,
  PUBLIC_LIMITED,
  parseOrThrow,
  requirePrincipal,
} from '../core/index.js';
import type { AgentRepository, WorkshopRepository } from '../registry/index.js';
import type { EnrollmentRepository } from './repository.js';

/** The parts of the registry these routes use. */
type Deps = {
  agents: AgentRepository;
  workshops: WorkshopRepository;
  enrollment: EnrollmentRepository;
  enrollThrottle: FailureThrottle;
};

const ExchangeSchema = z.strictObject({
  code: z.string().trim().min(4).max(64),
  /** The enrolling agent's version, recorded as its first "last seen". */
  agentVersion: z.string().max(64).optional(),
});

// What a guesser sees: these count against the address's throttle; other refusals need a real code.
const FAILURES = new Set([
  'enrollment_code_unknown',
  'enrollment_code_expired',
  'enrollment_code_used',
  'enrollment_code_revoked',
]);

type W = { Params: { workshopId: string } };
type C = { Params: { workshopId: string; codeId: string } };

/**
 * Technicians create, list and revoke one-time codes of their workshops (the access plugin
 * answers 404 for a workshop outside the caller's scope); agents exchange a code for their
 * token and initial config.
 */
export async function enrollmentRoutes(app: FastifyInstance, opts: { registry: Deps }): Promise<void> {
  const { registry } = opts;

  app.post<W>(
    '/api/v1/workshops/:workshopId/enrollment-codes',
    doc(allow(...AGENT_WRITERS), 'Create a one-time enrollment code', 'enrollment'),
    async (request, reply) => {
      const p = requirePrincipal(request);
      const issued = await registry.enrollment.create(request.params.workshopId, request.body ?? {}, p);
      audit(request.log, {
        event: 'enrollment_code.create',
        actor: p.username,
        target: { workshopId: issued.workshopId, agentId: issued.agentId, codeId: issued.id },
        outcome: 'success',
      });
      return reply.code(201).send(issued);
    },
  );

  app.get<W>(
    '/api/v1/workshops/:workshopId/enrollment-codes',
    doc(allow(...AGENT_WRITERS), "A workshop's enrollment codes and their state (never the codes)", 'enrollment'),
    async (request) => {
      await registry.workshops.get(request.params.workshopId);
      return { codes: await registry.enrollment.list(request.params.workshopId) };
    },
  );

  app.delete<C>(
    '/api/v1/workshops/:workshopId/enrollment-codes/:codeId',
    doc(allow(...AGENT_WRITERS), 'Revoke an unused enrollment code', 'enrollment'),
    async (request, reply) => {
      const p = requirePrincipal(request);
      const { workshopId, codeId } = request.params;
      await registry.enrollment.revoke(workshopId, codeId, p.username);
      audit(request.log, {
        event: 'enrollment_code.revoke',
        actor: p.username,
        target: { workshopId, codeId },
        outcome: 'success',
      });
      return reply.code(204).send();
    },
  );

  // Public by necessity (the agent has nothing else yet), so failures are throttled per address.
  app.post(
    '/api/v1/enroll',
    doc(PUBLIC_LIMITED, 'Agents: exchange a one-time code for a token and the initial config', 'enrollment'),
    async (request) => {
      const slot = await registry.enrollThrottle.reserve([`ip:${request.ip}`]);
      if (!slot.ok) {
        throw new HttpError('rate_limited', 'too many failed enrollment attempts / 등록 시도가 너무 많습니다', {
          retryAfterS: slot.retryAfterS,
        });
      }
      let failed = false;
      try {
        const body = parseOrThrow(ExchangeSchema, request.body);
        const grant = await registry.enrollment.exchange(body.code);
        await registry.agents.recordHeartbeat(grant.agentId, { version: body.agentVersion });
        audit(request.log, {
          event: 'agent.enroll',
          actor: `agent:${grant.agentId}`,
          target: { agentId: grant.agentId, workshopId: grant.workshopId },
          outcome: 'success',
          ip: request.ip,
        });
        return { v: 1, ...grant };
      } catch (err) {
        failed = err instanceof HttpError && FAILURES.has(err.code);
        const reason = err instanceof HttpError ? err.code : 'error';
        audit(request.log, { event: 'agent.enroll', actor: null, outcome: 'failure', reason, ip: request.ip });
        throw err;
      } finally {
        await (failed ? slot.reservation.failed() : slot.reservation.succeeded());
      }
    },
  );
}
