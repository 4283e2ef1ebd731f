import { describe, expect, it } from 'vitest';
import { ChannelSchema } from '../../src/config/inputs.js';
import { getPath } from '../../src/decode/json-path.js';
import { decodeRegisters, encodeRegisters } from '../../src/decode/modbus-values.js';
import { decodePayload } from '../../src/decode/payload.js';
import { decodeSensorLine } from '../../src/decode/sensor-line.js';
import { mergeStatus, shellyStep } from '../../src/decode/shelly.js';

const ch = (c: Record<string, unknown>) => ChannelSchema.parse(c);
const channels = [ch({ channel: 'current_a', unit: 'A' }), ch({ channel: 'temp', key: 't', unit: 'Cel', scale: 0.1 })];

describe('sensor lines', () => {
  it.each([
    ['csv', { format: 'csv', columns: ['-', 'current_a', 't'] }, '17,2.5,231', [2.5, 23.1]],
    ['csv with ; separator', { format: 'csv', columns: ['current_a', 't'], separator: ';' }, '1.0;200\r', [1, 20]],
    ['json lines', { format: 'json' }, '{"current_a":3,"t":"250"}', [3, 25]],
    ['key=value', { format: 'kv' }, 'current_a=0.5 t=100', [0.5, 10]],
    ['key=value with commas, one channel', { format: 'kv' }, 'current_a=4,x=9', [4]],
  ] as const)('%s', (_n, o, line, values) => {
    const r = decodeSensorLine(line, { separator: ',', channels, ...o });
    expect(r?.values.map((v) => v.value)).toEqual(values.map((v) => expect.closeTo(v, 9)));
    expect(r?.problems).toEqual([]);
  });

  it.each([
    ['json', '{"current_a":'],
    ['json', '42'],
    ['csv', '1,2'],
    ['kv', 'just text'],
  ] as const)('returns null for a %s line that is malformed: %s', (format, line) => {
    expect(decodeSensorLine(line, { format, columns: ['a', 'b', 'c'], separator: ',', channels })).toBeNull();
  });

  it('counts a non-numeric value as bad_value and keeps the other channels', () => {
    const r = decodeSensorLine('current_a=abc t=5', { format: 'kv', separator: ',', channels });
    expect(r?.values).toEqual([{ channel: 'temp', value: 0.5, unit: 'Cel' }]);
    expect(r?.problems).toEqual(['bad_value']);
  });

  it('takes a device timestamp in seconds or ms, and ignores one from a device without a clock', () => {
    const o = { format: 'json', separator: ',', channels, timestampKey: 'ts' } as const;
    expect(decodeSensorLine('{"current_a":1,"ts":1764000000}', o)?.deviceTs).toBe(1_764_000_000_000);
    expect(decodeSensorLine('{"current_a":1,"ts":1764000000123}', o)?.deviceTs).toBe(1_764_000_000_123);
    expect(decodeSensorLine('{"current_a":1,"ts":12345}', o)?.deviceTs).toBeUndefined();
  });
});

describe('Modbus register values', () => {
  it.each([
    ['float32 big word order (ABCD)', [0x4348, 0x0000], 'float32', 'big', 'big', 200],
    ['float32 little word order (CDAB)', [0x0000, 0x4348], 'float32', 'little', 'big', 200],
    ['float32 byte-swapped (BADC)', [0x4843, 0x0000], 'float32', 'big', 'little', 200],
    ['int16 negative', [0xfffe], 'int16', 'big', 'big', -2],
    ['uint16', [0xfffe], 'uint16', 'big', 'big', 65534],
    ['int32', [0xffff, 0xfffe], 'int32', 'big', 'big', -2],
    ['uint32 little word order', [0x0001, 0x0002], 'uint32', 'little', 'big', 0x00020001],
    ['bool', [1], 'bool', 'big', 'big', 1],
  ] as const)('%s', (_n, words, type, wo, bo, want) => {
    expect(decodeRegisters(words, type, wo, bo)).toBe(want);
    if (type !== 'bool') expect(encodeRegisters(want, type, wo, bo)).toEqual(words);
  });

  it('throws when too few registers came', () => {
    expect(() => decodeRegisters([1], 'float32')).toThrow(/2 registers/);
  });
});

describe('MQTT payload maps', () => {
  it('reads a plain number with scale and offset', () => {
    const r = decodePayload(Buffer.from(' 21.5 '), {
      format: 'number',
      channel: 'temp',
      unit: 'Cel',
      scale: 2,
      offset: 1,
    });
    expect(r?.values).toEqual([{ channel: 'temp', value: 44, unit: 'Cel' }]);
    expect(
      decodePayload(Buffer.from('hot'), { format: 'number', channel: 't', unit: 'Cel', scale: 1, offset: 0 }),
    ).toBeNull();
  });

  it('reads JSON paths with array indexes', () => {
    const map = { format: 'json' as const, channels: [ch({ channel: 'p', key: 'm.vals[1]', unit: 'W' })] };
    expect(decodePayload(Buffer.from('{"m":{"vals":[1,250]}}'), map)?.values).toEqual([
      { channel: 'p', value: 250, unit: 'W' },
    ]);
    expect(decodePayload(Buffer.from('{"m":'), map)).toBeNull();
    expect(getPath({ a: [{ b: 3 }] }, 'a[0].b')).toBe(3);
    expect(getPath({ a: 1 }, 'a.b')).toBeUndefined();
  });
});

describe('Shelly Gen2', () => {
  const full = Buffer.from(
    JSON.stringify({
      id: 0,
      source: 'init',
      output: true,
      apower: 812.5,
      voltage: 229.8,
      current: 3.6,
      aenergy: { total: 1520.3, by_minute: [0, 0, 0], minute_ts: 1764000000 },
      temperature: { tC: 41.2, tF: 106.2 },
    }),
  );
  const notify = Buffer.from(
    JSON.stringify({
      src: 'shellyplusplugs-a8032ab1',
      dst: 'shellyplusplugs-a8032ab1/events',
      method: 'NotifyStatus',
      params: { ts: 1764000060.5, 'switch:0': { id: 0, apower: 3.1, aenergy: { total: 1521 } } },
    }),
  );

  it('reads a full status, then merges a NotifyStatus partial update onto it', () => {
    const a = shellyStep({ status: null }, 'status', full, 0);
    expect(Object.fromEntries(a.values.map((v) => [v.channel, v.value]))).toEqual({
      output: 1,
      power_w: 812.5,
      voltage_v: 229.8,
      current_a: 3.6,
      energy_wh: 1520.3,
      temperature: 41.2,
    });
    const b = shellyStep(a.state, 'rpc', notify, 0);
    expect(b.deviceTs).toBe(1_764_000_060_500);
    expect(Object.fromEntries(b.values.map((v) => [v.channel, v.value]))).toMatchObject({
      output: 1,
      power_w: 3.1,
      voltage_v: 229.8,
      energy_wh: 1521,
    });
  });

  it('reads online true/false and flags malformed or ignores other messages', () => {
    expect(shellyStep({ status: null }, 'online', Buffer.from('false'), 0).online).toBe(false);
    expect(shellyStep({ status: null }, 'online', Buffer.from('maybe'), 0).malformed).toBe(true);
    expect(shellyStep({ status: null }, 'status', Buffer.from('{'), 0).malformed).toBe(true);
    expect(shellyStep({ status: null }, 'rpc', Buffer.from('{"method":"NotifyEvent","params":{}}'), 0).ignored).toBe(
      true,
    );
    expect(shellyStep({ status: null }, 'rpc', notify, 1).ignored).toBe(true);
  });

  it('deep-merges objects and replaces the rest', () => {
    expect(mergeStatus({ a: { x: 1, y: 2 }, b: [1] }, { a: { y: 3 }, b: [2] })).toEqual({ a: { x: 1, y: 3 }, b: [2] });
  });
});
