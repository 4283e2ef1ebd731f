import type { Reading } from '@gongbang/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../src/compose/registry.js';
import type { KpiEngine } from '../../src/metrics/index.js';
import { kst, ReadingBuilder } from '../support/metrics-readings.js';
import { buildKpiApp, get, ingest } from './kpi-fixtures.js';
import { seed, startTestRegistry } from './registry-fixtures.js';

const DAY = { start: '09:00', end: '18:00', breaks: [] };

describe('today ends now', () => {
  let registry: Registry;
  let closeRegistry: () => Promise<void>;
  let app: Awaited<ReturnType<typeof buildKpiApp>>['app'];
  let engine: KpiEngine;
  let closeApp: () => Promise<void>;
  let world: Awaited<ReturnType<typeof seed>>;
  let clock = kst('2026-03-04 12:00');

  beforeAll(async () => {
    ({ registry, close: closeRegistry } = await startTestRegistry('sqlite'));
    world = await seed(registry);
    ({ app, engine, close: closeApp } = await buildKpiApp(registry, clock, { app: { now: () => clock } }));
    await registry.calendars.set('ws-a', { weekly: { mon: DAY, tue: DAY, wed: DAY, thu: DAY, fri: DAY } });
  });
  afterAll(async () => {
    await closeApp?.();
    await closeRegistry?.();
  });

  const wednesday = async () => {
    const res = await get(app, world.tokens.admin, '/api/v1/workshops/ws-a/kpis?from=2026-03-04&to=2026-03-04');
    return res.body.periods[0].elements;
  };

  it('counts no planned time after now, and the whole day once it is over', async () => {
    const b = new ReadingBuilder().heartbeats(kst('2026-03-04 08:00'), kst('2026-03-04 12:00'));
    b.state(kst('2026-03-04 08:30'), 'm1', 'running');
    await ingest(app, 'agent-a', world.agentTokens.a, b.readings as Reading[], clock);
    await engine.settle();
    // At noon: 09:00–12:00 planned and running; the afternoon has not happened.
    expect(await wednesday()).toMatchObject({
      pbt_s: 3 * 3600,
      apt_s: 3 * 3600,
      no_data_s: 0,
      unplanned_apt_s: 30 * 60,
    });
    // After midnight the refresh computes Wednesday once more: the agent fell silent at 11:59.
    clock = kst('2026-03-05 01:00');
    await engine.markToday();
    await engine.settle();
    expect(await wednesday()).toMatchObject({
      pbt_s: 9 * 3600,
      apt_s: 3 * 3600 + 4 * 60,
      no_data_s: 6 * 3600 - 4 * 60,
    });
  });
});
