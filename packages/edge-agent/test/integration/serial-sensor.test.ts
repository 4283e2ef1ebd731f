import { open } from 'node:fs/promises';
import { cleanupAfterEach, startPtyPair, waitFor } from '@gongbang/harness';
import { afterEach, describe, expect, it } from 'vitest';
import { buildInput, measurements } from './input-helpers.js';

const cleanups = cleanupAfterEach(afterEach);

async function sensor(config: Record<string, unknown>) {
  const pty = await startPtyPair();
  cleanups.push(pty.close);
  const cap = buildInput({ id: 'ct-1', type: 'serial-sensor', port: pty.devicePath, baudRate: 115200, ...config });
  await cap.input.start();
  cleanups.push(() => cap.input.stop());
  await waitFor('sensor port open', () => cap.input.health().connected, { timeoutMs: 20_000 });
  const fd = await open(pty.testPath, 'r+');
  cleanups.push(() => fd.close());
  return { cap, fd, pty };
}

const channels = [
  { channel: 'current_a', key: 'i', unit: 'A' },
  { channel: 'counter', key: 'n', unit: '1' },
];
const derive = [
  { kind: 'machine-state', channel: 'current_a', machine: 'sewing-1', offBelow: 0.05, runningAbove: 0.6 },
  { kind: 'count', channel: 'counter', countChannel: 'pieces', rolloverAt: 65536 },
];

describe('serial line sensors on a socat pty', () => {
  it('reads JSON lines with derived machine states and piece counts, and skips garbage lines', async () => {
    const { cap, fd } = await sensor({ format: 'json', channels, derive, timestampKey: 't' });
    await fd.write('{"i":0.01,"n":65534}\r\n{"i":1.2,"n":65535}\n');
    await fd.write('not json at all\n\x00\x01\x02\xff\n{"i":"x"}\n');
    await fd.write('{"i":0.3,"n":2,"t":1764000000}\n');
    await waitFor('three current readings', () => measurements(cap, 'current_a').length === 3, { timeoutMs: 20_000 });
    expect(measurements(cap, 'current_a').map((m) => m.value)).toEqual([0.01, 1.2, 0.3]);
    expect(measurements(cap, 'current_a')[2]).toMatchObject({ ts: 1_764_000_000_000, timeSource: 'device' });
    const states = cap.readings.filter((r) => r.kind === 'machine_state').map((r) => r.state);
    expect(states).toEqual(['off', 'running', 'idle']);
    const counts = cap.readings.filter((r) => r.kind === 'count');
    expect(counts.map((c) => [c.delta, c.total, c.counterEvent])).toEqual([
      [1, 1, undefined],
      [3, 4, 'rollover'],
    ]);
    expect(cap.input.health().errors).toMatchObject({ malformed_line: 1, binary_noise: 1, bad_value: 1 });
    expect(cap.invalid).toEqual([]);
  });

  it('reads CSV with a column map and key=value lines', async () => {
    const csv = await sensor({ format: 'csv', columns: ['-', 'i', 'n'], channels });
    await csv.fd.write('1000,0.5,10\n1001,0.7,11\n');
    await waitFor('two CSV readings', () => measurements(csv.cap, 'current_a').length === 2, { timeoutMs: 20_000 });
    expect(measurements(csv.cap, 'counter').map((m) => m.value)).toEqual([10, 11]);

    const kv = await sensor({ format: 'kv', channels });
    await kv.fd.write('i=0.25 n=5\ni=0.5,n=6\n');
    await waitFor('two kv readings', () => measurements(kv.cap, 'current_a').length === 2, { timeoutMs: 20_000 });
    expect(measurements(kv.cap, 'current_a').map((m) => m.value)).toEqual([0.25, 0.5]);
  });

  it('reports the machine as unknown (offline), never off, when the sensor is unplugged', async () => {
    const { cap, fd, pty } = await sensor({ format: 'kv', channels, derive });
    await fd.write('i=1.0 n=1\n');
    await waitFor('running', () => cap.readings.some((r) => r.kind === 'machine_state' && r.state === 'running'), {
      timeoutMs: 20_000,
    });
    await fd.close();
    cleanups.pop(); // the fd is closed already
    await pty.close();
    await waitFor(
      'unknown after unplug',
      () => cap.readings.some((r) => r.kind === 'machine_state' && r.state === 'unknown'),
      {
        timeoutMs: 20_000,
      },
    );
    const last = cap.readings.filter((r) => r.kind === 'machine_state').at(-1);
    expect(last).toMatchObject({ state: 'unknown', reason: 'offline', machine: 'sewing-1' });
    expect(cap.input.health().connected).toBe(false);
  });
});
