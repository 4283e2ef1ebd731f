import { IdSchema, type Reading } from '@gongbang/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ANY_USER, HttpError } from '../core/index.js';
import type { StoredReading, TimeSeriesStore } from '../store/index.js';
import type { Carry } from './carry.js';
import { currentState, type MachineStatesAnswer, stateSegments } from './machine-states.js';
import { addDays, kstDayOf, kstDayStartMs } from './periods.js';
import type { Intervals, StateChange } from './timeline.js';

/** Reading kinds that tell a machine's state and whether its agent was heard (heartbeats are health readings). */
const KINDS = ['machine_state', 'health', 'gap'] as const;
const PAGE = 5_000;

export const MachineStatesQuerySchema = z.strictObject({
  /** The KST day. Default: today (KST). */
  day: z.iso.date().optional(),
});

export interface MachineStatesRoutesOptions {
  store: TimeSeriesStore;
  /** The workshop's machines (id, name); 404 for an unknown workshop. */
  machines: (workshopId: string) => Promise<readonly { id: string; name: string }[]>;
  /** What the KPI engine carried into `day` (the states and last-heard times before it). */
  carryBefore: (workshopId: string, day: string) => Promise<Carry>;
  offlineAfterS: number;
  now: () => number;
}

/**
 * Each machine's state now and its day as a state timeline, for the owner's today page. Read
 * from the raw state, heartbeat and gap readings of one day (a few thousand rows at most), so
 * the page sees a change as soon as it is stored, without waiting for the KPI engine.
 */
export async function machineStatesRoutes(app: FastifyInstance, opts: MachineStatesRoutesOptions): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/workshops/:workshopId/machine-states',
    {
      config: { access: { roles: ANY_USER } },
      schema: {
        summary: "Each machine's state now and its state timeline of a KST day",
        description:
          "Per machine: the state at the end of the day (now, for today) and since when, and the day's segments (running, idle, off, setup, fault, or no_data when the agent was silent longer than `offlineAfterS`, readings were lost, or the state was unknown). See docs/metrics.md.",
        tags: ['metrics'],
        params: z.strictObject({ workshopId: IdSchema }),
        querystring: MachineStatesQuerySchema,
      },
    },
    async (request): Promise<MachineStatesAnswer> => {
      const { workshopId } = request.params;
      const now = opts.now();
      const day = request.query.day ?? kstDayOf(now);
      const fromMs = kstDayStartMs(day);
      if (fromMs > now) throw new HttpError('invalid_request', `day ${day} has not begun (KST)`);
      const toMs = Math.min(kstDayStartMs(addDays(day, 1)), now);
      const machines = await opts.machines(workshopId);
      const carry = await opts.carryBefore(workshopId, day);

      const changes = new Map<string, StateChange[]>();
      for (const [id, s] of Object.entries(carry.states))
        changes.set(id, [{ ts: s.sinceMs, state: s.state, agentId: s.agentId }]);
      const seen = new Map<string, number[]>(Object.entries(carry.lastSeen).map(([a, t]) => [a, [t]]));
      const gaps = new Map<string, [number, number][]>();
      const readings: StoredReading[] = [];
      for (const kind of KINDS) {
        let cursor: string | undefined;
        do {
          const page = await opts.store.query({ workshopId, fromMs, toMs, kind, limit: PAGE, cursor });
          readings.push(...page.readings);
          cursor = page.next;
        } while (cursor);
      }
      readings.sort((a, b) => a.reading.ts - b.reading.ts);
      for (const { agentId, reading } of readings) {
        const x: Reading = reading;
        const list = seen.get(agentId) ?? [];
        list.push(x.ts);
        seen.set(agentId, list);
        if (x.kind === 'machine_state') {
          const l = changes.get(x.machine) ?? [];
          l.push({ ts: x.ts, state: x.state, agentId });
          changes.set(x.machine, l);
        } else if (x.kind === 'gap' && x.fromTs !== undefined && x.toTs !== undefined && x.toTs >= x.fromTs) {
          const l = gaps.get(agentId) ?? [];
          l.push([x.fromTs, x.toTs + 1]);
          gaps.set(agentId, l);
        }
      }
      const gapRuns = new Map<string, Intervals>([...gaps].map(([a, l]) => [a, l.sort((p, q) => p[0] - q[0])]));
      const names = new Map(machines.map((m) => [m.id, m.name]));
      const ids = [...new Set([...names.keys(), ...changes.keys()])].sort();
      return {
        workshop: workshopId,
        day,
        fromMs,
        toMs,
        offlineAfterS: opts.offlineAfterS,
        machines: ids.map((machineId) => {
          const list = changes.get(machineId) ?? [];
          const segments = stateSegments({
            fromMs,
            toMs,
            changes: list,
            seen,
            gaps: gapRuns,
            offlineAfterMs: opts.offlineAfterS * 1000,
          });
          const carried = carry.states[machineId];
          const c = carried ? { ts: carried.sinceMs, state: carried.state, agentId: carried.agentId } : undefined;
          return { machineId, name: names.get(machineId) ?? null, ...currentState(segments, c, fromMs), segments };
        }),
      };
    },
  );
}
