import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ANY_USER, allow, audit, doc, HttpError, notFound, parseOrThrow, requirePrincipal } from '../../core/index.js';
import type { CalendarRepository } from '../calendar.js';
import type { MachineRepository } from '../machines.js';
import type { ProductRepository } from '../products.js';
import { DateSchema, type StageEntry, StageSchema, type Workshop } from '../schemas.js';
import type { WorkshopRepository } from '../workshops.js';

/** The parts of the registry these routes use. */
type Deps = {
  workshops: WorkshopRepository;
  calendars: CalendarRepository;
  products: ProductRepository;
  machines: MachineRepository;
};

/** The answer of `GET /api/v1/workshops/:workshopId`: the workshop and its stage history, oldest stage first. */
export interface WorkshopWithStages extends Workshop {
  stages: StageEntry[];
}

type W = { Params: { workshopId: string } };
const READ = allow(...ANY_USER);
// Stages are programme facts: set by admins, and by the technician who installs them.
const STAGE_WRITE = allow('admin', 'technician');
// Hours, days off, products and machines are the owner's own knowledge; technicians help on site.
const SHOP_WRITE = allow('admin', 'technician', 'owner');
const PlanQuerySchema = z.strictObject({ from: DateSchema, to: DateSchema });

/**
 * Workshops, their stage history, shift calendar, products and machines. The access plugin has
 * already answered 404 to anyone asking for a `:workshopId` outside their scope.
 */
export async function workshopRoutes(app: FastifyInstance, opts: { registry: Deps }): Promise<void> {
  const { registry } = opts;

  app.get('/api/v1/workshops', doc(READ, 'Workshops the caller may see'), async (request) => ({
    workshops: await registry.workshops.list(requirePrincipal(request).workshopIds),
  }));

  app.post('/api/v1/workshops', doc(allow('admin'), 'Create a workshop'), async (request, reply) => {
    return reply.code(201).send(await registry.workshops.create(request.body as never));
  });

  app.get<W>(
    '/api/v1/workshops/:workshopId',
    doc(READ, 'A workshop with its stage history'),
    async (request): Promise<WorkshopWithStages> => {
      const id = request.params.workshopId;
      const w = await registry.workshops.get(id);
      return { ...w, stages: await registry.workshops.stages(id) };
    },
  );

  app.patch<W>('/api/v1/workshops/:workshopId', doc(allow('admin'), 'Change a workshop'), async (request) =>
    registry.workshops.update(request.params.workshopId, request.body),
  );

  app.delete<W>('/api/v1/workshops/:workshopId', doc(allow('admin'), 'Delete a workshop'), async (request, reply) => {
    await registry.workshops.remove(request.params.workshopId);
    audit(request.log, {
      event: 'workshop.delete',
      actor: requirePrincipal(request).username,
      target: { workshopId: request.params.workshopId },
      outcome: 'success',
    });
    return reply.code(204).send();
  });

  app.get<W>(
    '/api/v1/workshops/:workshopId/stages',
    doc(READ, 'Stage history: stage start, official level, measurement start'),
    async (request) => {
      await registry.workshops.get(request.params.workshopId);
      return { stages: await registry.workshops.stages(request.params.workshopId) };
    },
  );

  type S = { Params: { workshopId: string; stage: string } };
  app.put<S>(
    '/api/v1/workshops/:workshopId/stages/:stage',
    doc(STAGE_WRITE, 'Set one stage of the history'),
    async (request) => {
      const stage = parseOrThrow(StageSchema, Number(request.params.stage));
      return registry.workshops.setStage(request.params.workshopId, { ...(request.body as object), stage });
    },
  );

  app.delete<S>(
    '/api/v1/workshops/:workshopId/stages/:stage',
    doc(STAGE_WRITE, 'Remove one stage of the history'),
    async (request, reply) => {
      await registry.workshops.removeStage(request.params.workshopId, Number(request.params.stage));
      return reply.code(204).send();
    },
  );

  app.get<W>(
    '/api/v1/workshops/:workshopId/calendar',
    doc(READ, 'Shift calendar: weekly hours, breaks, days off'),
    async (request) => {
      const c = await registry.calendars.get(request.params.workshopId);
      if (!c) throw notFound(`calendar of workshop "${request.params.workshopId}"`);
      return c;
    },
  );

  app.put<W>('/api/v1/workshops/:workshopId/calendar', doc(SHOP_WRITE, 'Set the shift calendar'), async (request) =>
    registry.calendars.set(request.params.workshopId, request.body),
  );

  app.get<W>(
    '/api/v1/workshops/:workshopId/calendar/plan',
    doc(READ, 'Planned working minutes per day (holidays included)'),
    async (request) => {
      const q = parseOrThrow(PlanQuerySchema, request.query);
      return { days: await registry.calendars.plan(request.params.workshopId, q.from, q.to) };
    },
  );

  app.get<W>(
    '/api/v1/workshops/:workshopId/products',
    doc(READ, 'Products and operations with planned run time per unit'),
    async (request) => {
      await registry.workshops.get(request.params.workshopId);
      return { products: await registry.products.list(request.params.workshopId) };
    },
  );

  type PP = { Params: { workshopId: string; productId: string } };
  app.put<PP>(
    '/api/v1/workshops/:workshopId/products/:productId',
    doc(SHOP_WRITE, 'Create or replace a product and its operations'),
    async (request) =>
      registry.products.put(request.params.workshopId, { ...(request.body as object), id: request.params.productId }),
  );

  app.delete<PP>(
    '/api/v1/workshops/:workshopId/products/:productId',
    doc(SHOP_WRITE, 'Delete a product'),
    async (request, reply) => {
      await registry.products.remove(request.params.workshopId, request.params.productId);
      return reply.code(204).send();
    },
  );

  app.get<W>(
    '/api/v1/workshops/:workshopId/machines',
    doc(READ, 'Machines with their count channels, scanners and default planned run time per unit'),
    async (request) => {
      await registry.workshops.get(request.params.workshopId);
      return { machines: await registry.machines.list(request.params.workshopId) };
    },
  );

  type MP = { Params: { workshopId: string; machineId: string } };
  app.put<MP>(
    '/api/v1/workshops/:workshopId/machines/:machineId',
    doc(SHOP_WRITE, 'Create or replace a machine; a count channel or scanner of another machine is a 409'),
    async (request) => {
      const body = (request.body ?? {}) as { id?: unknown };
      const id = request.params.machineId;
      // The path names the machine; an id in the body that says otherwise is a mistake, not a rename.
      if (body.id !== undefined && body.id !== id) {
        const message = `id must be "${id}" as in the path, or left out / id는 경로와 같은 "${id}"이거나 비어 있어야 합니다`;
        throw new HttpError('invalid', `id: ${message}`, { issues: [{ path: 'id', message }] });
      }
      return registry.machines.put(request.params.workshopId, { ...(request.body as object), id });
    },
  );

  app.delete<MP>(
    '/api/v1/workshops/:workshopId/machines/:machineId',
    doc(SHOP_WRITE, 'Delete a machine'),
    async (request, reply) => {
      await registry.machines.remove(request.params.workshopId, request.params.machineId);
      return reply.code(204).send();
    },
  );
}
