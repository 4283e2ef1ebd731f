import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Agent, AgentConfigSchema } from '@gongbang/edge-agent';
import { cleanupAfterEach, tempDir, waitFor } from '@gongbang/harness';
import type { Reading, ScanReading } from '@gongbang/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { buildWholeApp, startTestRegistry } from '../../../collector/test/integration/registry-fixtures.js';
import { silentLogger } from '../../../edge-agent/test/support/drafts.js';
import {
  evenSchedule,
  LIVE_GTIN,
  LIVE_SOURCES,
  type LiveDevices,
  type LiveDevicesOptions,
  SCRAP_TEXT,
  STOP_REASON_TEXT,
  startLiveDevices,
} from '../../src/index.js';

const cleanups = cleanupAfterEach(afterEach);

type Stored = Reading & { agent: string };

/** A real collector (buildApp, SQLite registry and store) on 127.0.0.1:0 with a workshop, its agent and an admin token. */
async function startCollector() {
  const reg = await startTestRegistry('sqlite');
  cleanups.push(reg.close);
  const data = await tempDir('gb-live-collector-');
  const app = await buildWholeApp(reg.registry, data.dir, {}, data.remove);
  cleanups.push(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as net.AddressInfo;
  const { registry } = reg;
  await registry.workshops.create({
    id: 'ws-live',
    nameKo: '창신 봉제',
    nameEn: 'Changsin Sewing',
    industry: 'garment_sewing',
    cluster: 'Changsin',
    headcount: 5,
  });
  await registry.agents.create('live-agent', 'ws-live');
  const agentToken = await registry.agents.issueToken('live-agent');
  const admin = await registry.users.create({ username: 'admin', password: 'admin-password-1', role: 'admin' });
  const adminToken = (await registry.apiTokens.create(admin.id, 'test')).token;
  const url = `http://127.0.0.1:${port}`;
  /** Every stored reading of the workshop, through GET /api/v1/readings. */
  const readings = async (): Promise<Stored[]> => {
    const out: Stored[] = [];
    let cursor: string | null = null;
    do {
      const q = new URLSearchParams({
        workshop: 'ws-live',
        from: '0',
        to: String(Date.now() + 60_000),
        limit: '10000',
      });
      if (cursor) q.set('cursor', cursor);
      const res = await fetch(`${url}/api/v1/readings?${q}`, { headers: { authorization: `Bearer ${adminToken}` } });
      const body = (await res.json()) as { readings: Stored[]; next: string | null };
      if (res.status !== 200) throw new Error(`GET /api/v1/readings ${res.status}: ${JSON.stringify(body)}`);
      out.push(...body.readings);
      cursor = body.next;
    } while (cursor);
    return out;
  };
  return { url, agentToken, readings };
}

/** The live devices (fast patterns, seeded) and a real edge agent reading them, delivering to the collector. */
async function startWorld(mode: LiveDevicesOptions['serial']) {
  const collector = await startCollector();
  const live = await startLiveDevices({
    serial: mode,
    seed: 14,
    scanIntervalMs: 60,
    sensorIntervalMs: 150,
    meterPollMs: 150,
    shellyIntervalMs: 150,
    meterSchedule: evenSchedule(1_200),
    shellySchedule: evenSchedule(1_200),
  });
  cleanups.push(() => live.stop());
  const dir = await tempDir('gb-live-agent-');
  cleanups.push(dir.remove);
  const config = AgentConfigSchema.parse({
    agent: { id: 'live-agent', dataDir: dir.dir },
    collector: { url: collector.url, token: collector.agentToken },
    spool: { flushIntervalMs: 50 },
    forwarder: { backoff: { initialMs: 100, maxMs: 1_000 } },
    statusPage: { port: 0 },
    inputs: live.agentInputs,
  });
  config.spool.file = path.join(dir.dir, 'spool.db');
  const agent = new Agent(config, { logger: silentLogger() });
  await agent.start();
  cleanups.push(() => agent.stop());
  return { collector, live, agent };
}

const of = (rs: Stored[], source: string, kind: Reading['kind']) =>
  rs.filter((r) => r.source === source && r.kind === kind);
const scansOf = (rs: Stored[]) =>
  of(rs, LIVE_SOURCES.scanner, 'scan') as unknown as Array<ScanReading & { agent: string }>;
const statesOf = (rs: Stored[], machine: string) =>
  new Set(rs.flatMap((r) => (r.kind === 'machine_state' && r.machine === machine ? [r.state] : [])));
const channel = (rs: Stored[], source: string, ch: string) =>
  rs.flatMap((r) => (r.kind === 'measurement' && r.source === source && r.channel === ch ? [r.value] : []));
const hasAll = <T>(have: Set<T>, want: T[]) => want.every((w) => have.has(w));

/** Resolves when nothing accepts connections on the port any more. */
async function refused(host: string, port: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });
}

/** True when the process no longer exists. */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Stops the agent and the devices, and proves nothing is left: ports closed, socat ended, pty links removed. */
async function stopAndCheck(live: LiveDevices, agent: Agent) {
  await agent.stop();
  await live.stop();
  const { modbus, mqttUrl, socatPids, scannerPort, sensorPort } = live.endpoints;
  expect(await refused(modbus.host, modbus.port)).toBe(true);
  const mqtt = new URL(mqttUrl);
  expect(await refused(mqtt.hostname, Number(mqtt.port))).toBe(true);
  expect(socatPids.filter((pid) => !gone(pid))).toEqual([]);
  for (const p of [scannerPort, sensorPort]) if (p) expect(existsSync(p)).toBe(false);
  await live.stop(); // idempotent
}

describe('live devices through a real edge agent into a real collector', () => {
  it('delivers scans, meter states, Shelly power and sensor values over socat, Modbus TCP and MQTT', async () => {
    const { collector, live, agent } = await startWorld('socat');
    expect(live.mode).toBe('socat');
    expect(live.describe('ko').join('\n')).toMatch(/socat 가상 시리얼 포트/);
    expect(live.describe('en').join('\n')).toMatch(/Modbus TCP 127\.0\.0\.1:\d+/);

    const rs = await waitFor(
      'every device in the store',
      async () => {
        const all = await collector.readings();
        const scans = scansOf(all);
        const ok =
          hasAll(new Set(scans.map((s) => s.meaning)), ['badge', 'work_order', 'piece', 'scrap', 'stop_reason']) &&
          channel(all, LIVE_SOURCES.scanner, 'order_cycle_s').length > 0 &&
          hasAll(statesOf(all, LIVE_SOURCES.meter), ['running', 'idle', 'off']) &&
          hasAll(statesOf(all, LIVE_SOURCES.plug), ['running', 'idle', 'off']) &&
          channel(all, LIVE_SOURCES.sensor, 'hum').length > 0;
        if (!ok) throw new Error(`not yet: ${live.progress('en')}; ${all.length} stored`);
        return all;
      },
      { timeoutMs: 45_000, intervalMs: 300 },
    );
    const scans = scansOf(rs);
    // Bytes arrive whole: no frame is cut, flagged or left without a meaning.
    expect(scans.filter((s) => s.meaning === 'unknown' || s.flags.length > 0)).toEqual([]);
    expect(new Set(scans.map((s) => s.symbology?.aim))).toEqual(new Set([']C0', ']C1', ']Q1']));
    const piece = scans.find((s) => s.meaning === 'piece')!;
    expect(piece.symbology?.name).toBe('gs1-128');
    expect(piece.gs1?.map((e) => e.ai)).toEqual(['01', '10', '21']);
    expect(piece.gs1?.[0]).toEqual({ ai: '01', value: LIVE_GTIN, valid: true });
    const scrap = scans.find((s) => s.meaning === 'scrap')!;
    expect(scrap).toMatchObject({ text: SCRAP_TEXT, encoding: 'utf-8', symbology: { aim: ']Q1' } });
    const reason = scans.find((s) => s.meaning === 'stop_reason')!;
    expect(reason).toMatchObject({ text: STOP_REASON_TEXT, fields: { reason: 'material_wait', label: '자재 대기' } });
    expect(scans.find((s) => s.meaning === 'badge')?.fields).toEqual({ worker: '0007' });
    expect(scans.filter((s) => s.meaning === 'work_order').map((s) => s.fields.action)).toContain('S');
    for (const s of scans) expect(s.agent).toBe('live-agent');
    expect(channel(rs, LIVE_SOURCES.scanner, 'order_cycle_s').length).toBeGreaterThan(0);

    expect(Math.max(...channel(rs, LIVE_SOURCES.meter, 'power_w'))).toBeGreaterThan(1000);
    expect(Math.min(...channel(rs, LIVE_SOURCES.meter, 'power_w'))).toBe(0);
    expect(Math.max(...channel(rs, LIVE_SOURCES.plug, 'power_w'))).toBeGreaterThan(40);
    expect(channel(rs, LIVE_SOURCES.plug, 'energy_wh').length).toBeGreaterThan(0);
    for (const t of channel(rs, LIVE_SOURCES.sensor, 'temp')) expect(t).toBeGreaterThan(18);

    await stopAndCheck(live, agent);
  }, 90_000);

  it('says it runs without pseudo-terminals and still delivers every device when the fallback is forced', async () => {
    const { collector, live, agent } = await startWorld('fallback');
    expect(live.mode).toBe('fallback');
    expect(live.endpoints.socatPids).toEqual([]);
    expect(live.describe('ko').join('\n')).toMatch(/대체 모드.*socat/);
    expect(live.describe('en').join('\n')).toMatch(/fallback.*socat/);
    expect(live.describe('en').join('\n')).toMatch(/simulated input instead of a serial port/);

    const rs = await waitFor(
      'every device in the store',
      async () => {
        const all = await collector.readings();
        const ok =
          scansOf(all).some((s) => s.meaning === 'work_order') &&
          of(all, LIVE_SOURCES.scanner, 'count').length > 0 &&
          hasAll(statesOf(all, LIVE_SOURCES.meter), ['running', 'idle', 'off']) &&
          hasAll(statesOf(all, LIVE_SOURCES.plug), ['running', 'idle', 'off']) &&
          channel(all, LIVE_SOURCES.sensor, 'hum').length > 0;
        if (!ok) throw new Error(`not yet: ${live.progress('en')}; ${all.length} stored`);
        return all;
      },
      { timeoutMs: 45_000, intervalMs: 300 },
    );
    expect(scansOf(rs).every((s) => s.text?.startsWith('WO-LIVE-'))).toBe(true);
    for (const t of channel(rs, LIVE_SOURCES.sensor, 'temp')) expect(t).toBeGreaterThan(18);
    expect(Math.max(...channel(rs, LIVE_SOURCES.plug, 'power_w'))).toBeGreaterThan(40);

    await stopAndCheck(live, agent);
  }, 90_000);
});
