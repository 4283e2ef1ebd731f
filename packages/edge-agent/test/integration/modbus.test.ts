import {
  cleanupAfterEach,
  type ModbusUnitData,
  startModbusPeer,
  startPtyPair,
  tempDir,
  waitFor,
} from '@gongbang/harness';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeRegisters } from '../../src/decode/modbus-values.js';
import { buildInput, type Capture, measurements } from './input-helpers.js';

const cleanups = cleanupAfterEach(afterEach);

// Unit 1: a DIN energy meter with float32 power in both word orders, a piece counter and a coil.
// Unit 2: a second meter. Unit 7 is configured in the agent but absent from the bus (dead).
const units: Record<number, ModbusUnitData> = {
  1: {
    ir: { 0: encodeRegisters(200, 'float32'), 2: encodeRegisters(812.5, 'float32', 'little') },
    hr: { 10: [1234], 20: encodeRegisters(-5, 'int32') },
    co: { 0: [1] },
    di: { 3: [1] },
  },
  2: { ir: { 0: encodeRegisters(5, 'float32', 'little') } },
};

const reg = (channel: string, table: string, address: number, extra: Record<string, unknown> = {}) => ({
  channel,
  table,
  address,
  ...extra,
});

function devices() {
  return [
    {
      unit: 1,
      source: 'meter-press',
      groups: [
        {
          intervalMs: 200,
          registers: [
            reg('power_w', 'input', 0, { type: 'float32', unit: 'W' }),
            reg('power2_w', 'input', 2, { type: 'float32', wordOrder: 'little', unit: 'W' }),
            reg('counter', 'holding', 10),
            reg('signed', 'holding', 20, { type: 'int32', scale: 0.5 }),
            reg('lamp', 'coil', 0),
            reg('door_closed', 'discrete', 3),
          ],
        },
      ],
      derive: [
        { kind: 'machine-state', channel: 'power_w', offBelow: 5, runningAbove: 100 },
        { kind: 'count', channel: 'counter' },
      ],
    },
    {
      unit: 2,
      groups: [
        {
          intervalMs: 200,
          registers: [reg('power_w', 'input', 0, { type: 'float32', wordOrder: 'little', unit: 'W' })],
        },
      ],
    },
    {
      unit: 7,
      source: 'meter-dead',
      groups: [{ intervalMs: 200, registers: [reg('power_w', 'input', 0, { type: 'float32', unit: 'W' })] }],
      derive: [{ kind: 'machine-state', channel: 'power_w', offBelow: 5, runningAbove: 100 }],
    },
  ];
}

async function expectBusBehaviour(cap: Capture): Promise<void> {
  const of = (source: string, channel: string) => measurements(cap, channel).filter((m) => m.source === source);
  await waitFor(
    'first readings of units 1 and 2',
    () => of('meter-press', 'power_w').length && of('bus.u2', 'power_w').length,
    {
      timeoutMs: 30_000,
    },
  );
  await waitFor('the dead unit to time out twice', () => (cap.input.health().errors.timeout ?? 0) >= 2, {
    timeoutMs: 30_000,
  });
  const before = of('meter-press', 'power_w').length;
  await waitFor(
    'units 1 and 2 to keep being read while unit 7 is dead',
    () => of('meter-press', 'power_w').length >= before + 5,
    {
      timeoutMs: 30_000,
    },
  );
  const values = (ch: string, src = 'meter-press') =>
    of(src, ch).at(-1) && { value: of(src, ch).at(-1)!.value, unit: of(src, ch).at(-1)!.unit };
  expect(values('power_w')).toEqual({ value: 200, unit: 'W' });
  expect(values('power2_w')).toEqual({ value: 812.5, unit: 'W' });
  expect(values('counter')).toEqual({ value: 1234, unit: '1' });
  expect(values('signed')).toEqual({ value: -2.5, unit: '1' });
  expect(values('lamp')).toEqual({ value: 1, unit: '1' });
  expect(values('door_closed')).toEqual({ value: 1, unit: '1' });
  expect(values('power_w', 'bus.u2')).toEqual({ value: 5, unit: 'W' });
  expect(measurements(cap).some((m) => m.source === 'meter-dead')).toBe(false);
  const states = cap.readings.filter((r) => r.kind === 'machine_state');
  expect(states.find((s) => s.source === 'meter-press')).toMatchObject({ state: 'running', reason: 'threshold' });
  expect(states.filter((s) => s.source === 'meter-dead').map((s) => [s.state, s.reason])).toEqual([
    ['unknown', 'offline'],
  ]);
  expect(cap.input.health().connected).toBe(true);
  expect(cap.invalid).toEqual([]);
}

describe('Modbus inputs against pymodbus', () => {
  it('RTU: polls several units on one bus, decodes both word orders, and a dead unit never stalls the others', async () => {
    const pty = await startPtyPair();
    cleanups.push(pty.close);
    const peer = await startModbusPeer({ mode: 'rtu', device: pty.testPath, units });
    cleanups.push(peer.close);
    const cap = buildInput({
      id: 'bus',
      type: 'modbus-rtu',
      port: pty.devicePath,
      baudRate: 9600,
      timeoutMs: 500,
      retry: { minMs: 200, maxMs: 2000 },
      devices: devices(),
    });
    await cap.input.start();
    cleanups.push(() => cap.input.stop());
    await expectBusBehaviour(cap);
  });

  it('TCP: the same against a Modbus TCP server', async () => {
    const peer = await startModbusPeer({ mode: 'tcp', units });
    cleanups.push(peer.close);
    const cap = buildInput({
      id: 'bus',
      type: 'modbus-tcp',
      host: '127.0.0.1',
      port: peer.port,
      timeoutMs: 500,
      retry: { minMs: 200, maxMs: 2000 },
      devices: devices(),
    });
    await cap.input.start();
    cleanups.push(() => cap.input.stop());
    await expectBusBehaviour(cap);
  });

  it('TCP: an endpoint that is down is retried in the background, counted, and start() does not throw', async () => {
    const peer = await startModbusPeer({ mode: 'tcp', units });
    const port = peer.port!;
    await peer.close();
    const cap = buildInput({
      id: 'bus',
      type: 'modbus-tcp',
      host: '127.0.0.1',
      port,
      retry: { minMs: 100, maxMs: 500 },
      devices: [
        {
          unit: 1,
          groups: [{ intervalMs: 200, registers: [reg('power_w', 'input', 0, { type: 'float32', unit: 'W' })] }],
        },
      ],
    });
    await cap.input.start();
    cleanups.push(() => cap.input.stop());
    await waitFor('two failed connects', () => (cap.input.health().errors.connect_failed ?? 0) >= 2, {
      timeoutMs: 20_000,
    });
    expect(cap.input.health()).toMatchObject({ connected: false, lastDataTs: null });
    expect(cap.readings).toEqual([]);
  });

  it('RTU: reconnects after the RS-485 adapter is unplugged and plugged back in', async () => {
    const dir = await tempDir('gb-rtu-replug-');
    cleanups.push(dir.remove);
    const plug = async () => {
      const pty = await startPtyPair({ dir: dir.dir, name: 'rs485' });
      // A peer that fails to start must not leave this plug's socat behind.
      const peer = await startModbusPeer({ mode: 'rtu', device: pty.testPath, units }).catch(async (err) => {
        await pty.close();
        throw err;
      });
      const close = async () => {
        await peer.close();
        await pty.close();
      };
      return { pty, peer, close };
    };
    let bus = await plug();
    cleanups.push(() => bus.close());
    const cap = buildInput({
      id: 'bus',
      type: 'modbus-rtu',
      port: bus.pty.devicePath,
      timeoutMs: 500,
      retry: { minMs: 200, maxMs: 1000 },
      devices: [
        {
          unit: 1,
          groups: [{ intervalMs: 200, registers: [reg('power_w', 'input', 0, { type: 'float32', unit: 'W' })] }],
        },
      ],
    });
    await cap.input.start();
    cleanups.push(() => cap.input.stop());
    await waitFor('a reading', () => measurements(cap, 'power_w').length > 0, { timeoutMs: 30_000 });
    const errors = () => Object.values(cap.input.health().errors).reduce((a, b) => a + b, 0);
    const errorsBefore = errors();
    await bus.close(); // unplug
    const before = measurements(cap, 'power_w').length;
    await waitFor('the input to notice the unplug', () => errors() > errorsBefore, { timeoutMs: 30_000 });
    bus = await plug(); // replug at the same path
    await waitFor('readings again', () => measurements(cap, 'power_w').length > before + 2, { timeoutMs: 30_000 });
    expect(cap.invalid).toEqual([]);
  });
});
