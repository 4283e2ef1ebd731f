import type { Reading } from '@gongbang/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../src/compose/registry.js';
import type { KpiEngine, MachineStatesAnswer } from '../../src/metrics/index.js';
import { kst, ReadingBuilder } from '../support/metrics-readings.js';
import { buildKpiApp, get, ingest } from './kpi-fixtures.js';
import { seed, startTestRegistry } from './registry-fixtures.js';

const NOW = kst('2026-03-04 12:00');

describe('GET /api/v1/workshops/:id/machine-states', () => {
  let registry: Registry;
  let closeRegistry: () => Promise<void>;
  let app: Awaited<ReturnType<typeof buildKpiApp>>['app'];
  let engine: KpiEngine;
  let closeApp: () => Promise<void>;
  let world: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    ({ registry, close: closeRegistry } = await startTestRegistry('sqlite'));
    world = await seed(registry);
    ({ app, engine, close: closeApp } = await buildKpiApp(registry, NOW));
    await registry.machines.put('ws-a', { id: 'm1', name: 'Press 1', defaultPruS: 10, counts: [] });
    await registry.machines.put('ws-a', { id: 'm3', name: 'Idle lathe', defaultPruS: null, counts: [] });
    // Yesterday: m1 ran from 17:00 and stayed running overnight (the carried state).
    const b = new ReadingBuilder();
    b.heartbeats(kst('2026-03-03 16:50'), kst('2026-03-03 18:00'));
    b.state(kst('2026-03-03 17:00'), 'm1', 'running');
    // Today: heard from 08:00; m1 stops with a fault 10:00–10:30, then runs; the agent lost
    // readings 11:00–11:10 (a gap reading), and m2 (not in the registry) reports idle.
    b.heartbeats(kst('2026-03-04 08:00'), NOW);
    b.state(kst('2026-03-04 10:00'), 'm1', 'fault');
    b.state(kst('2026-03-04 10:30'), 'm1', 'running');
    b.state(kst('2026-03-04 09:00'), 'm2', 'idle');
    b.gap(kst('2026-03-04 11:10'), kst('2026-03-04 11:00'), kst('2026-03-04 11:10') - 1);
    await ingest(app, 'agent-a', world.agentTokens.a, b.readings as Reading[], NOW);
    await engine.settle();
  });
  afterAll(async () => {
    await closeApp?.();
    await closeRegistry?.();
  });

  it("answers each machine's state now, since when, and the day's segments up to now", async () => {
    const res = await get(app, world.tokens.owner, '/api/v1/workshops/ws-a/machine-states');
    expect(res.status).toBe(200);
    const a = res.body as MachineStatesAnswer;
    expect(a).toMatchObject({ workshop: 'ws-a', day: '2026-03-04', fromMs: kst('2026-03-04 00:00'), toMs: NOW });
    expect(a.machines.map((m) => m.machineId)).toEqual(['m1', 'm2', 'm3']);
    const [m1, m2, m3] = a.machines;
    expect(m1).toMatchObject({ name: 'Press 1', state: 'running', sinceMs: kst('2026-03-04 11:10') });
    // Silent from 18:00 yesterday (+5 min) to 08:00: no data, never "off".
    expect(m1?.segments).toEqual([
      { startMs: kst('2026-03-04 00:00'), endMs: kst('2026-03-04 08:00'), state: 'no_data' },
      { startMs: kst('2026-03-04 08:00'), endMs: kst('2026-03-04 10:00'), state: 'running' },
      { startMs: kst('2026-03-04 10:00'), endMs: kst('2026-03-04 10:30'), state: 'fault' },
      { startMs: kst('2026-03-04 10:30'), endMs: kst('2026-03-04 11:00'), state: 'running' },
      { startMs: kst('2026-03-04 11:00'), endMs: kst('2026-03-04 11:10'), state: 'no_data' },
      { startMs: kst('2026-03-04 11:10'), endMs: NOW, state: 'running' },
    ]);
    expect(m2).toMatchObject({ name: null, state: 'idle', sinceMs: kst('2026-03-04 11:10') });
    expect(m3).toMatchObject({ name: 'Idle lathe', state: 'no_data', segments: [{ state: 'no_data', endMs: NOW }] });
  });

  it('shows a past day whole, up to its end', async () => {
    const res = await get(app, world.tokens.admin, '/api/v1/workshops/ws-a/machine-states?day=2026-03-03');
    expect(res.status).toBe(200);
    const m1 = (res.body as MachineStatesAnswer).machines.find((m) => m.machineId === 'm1');
    expect(m1?.segments.filter((s) => s.state === 'running')).toEqual([
      { startMs: kst('2026-03-03 17:00'), endMs: kst('2026-03-03 18:04'), state: 'running' },
    ]);
    // Heartbeats stopped at 17:59; five minutes later the machine has no data, until midnight.
    expect(m1?.state).toBe('no_data');
    expect(m1?.segments.at(-1)?.endMs).toBe(kst('2026-03-04 00:00'));
  });

  it('refuses a day that has not begun, and a malformed day', async () => {
    const future = await get(app, world.tokens.owner, '/api/v1/workshops/ws-a/machine-states?day=2026-03-05');
    expect(future.status).toBe(400);
    const bad = await get(app, world.tokens.owner, '/api/v1/workshops/ws-a/machine-states?day=2026-13-01');
    expect(bad.status).toBe(400);
  });

  it('gives an owner nothing of another workshop, and 404 for an unknown one', async () => {
    const other = await get(app, world.tokens.owner, '/api/v1/workshops/ws-b/machine-states');
    expect([403, 404]).toContain(other.status);
    expect(JSON.stringify(other.body)).not.toContain('machines');
    const encoded = await get(app, world.tokens.owner, '/api/v1/workshops/ws-b%2F..%2Fws-a/machine-states');
    expect([400, 403, 404]).toContain(encoded.status);
    const unknown = await get(app, world.tokens.admin, '/api/v1/workshops/ws-zz/machine-states');
    expect(unknown.status).toBe(404);
  });
});
