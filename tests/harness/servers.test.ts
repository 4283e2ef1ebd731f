import { closeSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import ModbusSerial from 'modbus-serial';
import mqtt from 'mqtt';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  canConnect,
  createPgDatabase,
  requireBinary,
  startAedes,
  startInfluxDB,
  startModbusPeer,
  startMosquitto,
  startPtyPair,
  startVictoriaMetrics,
} from './index.js';

// modbus-serial is CommonJS whose typings declare an ES default export; at runtime the default import is the class.
const ModbusRTU = ModbusSerial as unknown as typeof ModbusSerial.default;

/** Publishes one message through a broker and resolves with what a subscriber received. */
async function roundTrip(url: string): Promise<string> {
  const sub = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
  const pub = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
  try {
    const got = new Promise<string>((resolve) => sub.on('message', (_t, m) => resolve(m.toString())));
    await sub.subscribeAsync('gb/test', { qos: 1 });
    await pub.publishAsync('gb/test', '공방 hello', { qos: 1 });
    return await got;
  } finally {
    await sub.endAsync();
    await pub.endAsync();
  }
}

describe('test harness helpers start real servers', () => {
  it('fails with the apt command when a binary is missing', () => {
    expect(() => requireBinary('no-such-binary-gb', 'no-such-package')).toThrow(/apt-get install -y no-such-package/);
  });

  it('socat pty pair carries bytes from the test end to the device end', async () => {
    const pty = await startPtyPair();
    try {
      const dev = openSync(pty.devicePath, 'r+');
      writeFileSync(pty.testPath, Buffer.from('8801234567893\r'));
      const buf = Buffer.alloc(64);
      await new Promise((r) => setTimeout(r, 100));
      const n = readSync(dev, buf, 0, 64, null);
      closeSync(dev);
      expect(buf.subarray(0, n).toString()).toBe('8801234567893\r');
    } finally {
      await pty.close();
    }
  });

  it('InfluxDB 1.x accepts a v1 write and answers InfluxQL', async () => {
    const influx = await startInfluxDB();
    try {
      await influx.createDatabase('gb');
      const w = await fetch(`${influx.url}/write?db=gb&precision=ms`, {
        method: 'POST',
        body: 'probe,workshop=w1 value=42 1700000000000',
      });
      expect(w.status).toBe(204);
      const r = await influx.query('SELECT value FROM probe', 'gb');
      expect(r.results[0]?.series?.[0]?.values).toEqual([[1700000000000, 42]]);
    } finally {
      await influx.close();
    }
  });

  it('InfluxDB can be held to given CPUs (benchmarks give it a core of its own)', async () => {
    const influx = await startInfluxDB({ cpus: '0' });
    try {
      const status = readFileSync(`/proc/${influx.process.child.pid}/status`, 'utf8');
      expect(status).toMatch(/^Name:\s+influxd$/m);
      expect(status).toMatch(/^Cpus_allowed_list:\s+0$/m);
      expect((await fetch(`${influx.url}/ping`)).status).toBe(204);
    } finally {
      await influx.close();
    }
  });

  it('VictoriaMetrics accepts the InfluxDB v2 write API and exports the series', async () => {
    const vm = await startVictoriaMetrics();
    try {
      const w = await fetch(`${vm.url}/api/v2/write?bucket=gb&precision=ms`, {
        method: 'POST',
        body: 'probe,workshop=w1 value=42 1700000000000',
      });
      expect(w.status).toBe(204);
      const lines = await vm.exportSeries('{__name__="probe_value"}');
      expect(lines).toHaveLength(1);
      expect(lines[0]?.values).toEqual([42]);
      expect(lines[0]?.metric.workshop).toBe('w1');
    } finally {
      await vm.close();
    }
  });

  it('aedes broker delivers a QoS 1 message', async () => {
    const broker = await startAedes();
    try {
      expect(await roundTrip(broker.url)).toBe('공방 hello');
    } finally {
      await broker.close();
    }
  });

  it('Mosquitto on its own port delivers a QoS 1 message', async () => {
    const mosq = await startMosquitto();
    try {
      expect(await roundTrip(mosq.url)).toBe('공방 hello');
    } finally {
      await mosq.close();
    }
    expect(await canConnect(mosq.port)).toBe(false);
  });

  it('PostgreSQL gives a throwaway database and drops it afterwards', async () => {
    const db = await createPgDatabase();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const r = await client.query('SELECT current_database() AS name');
      expect(r.rows[0].name).toBe(db.database);
    } finally {
      await client.end();
      await db.close();
    }
  });

  it('pymodbus answers Modbus TCP reads, and a unit that is not configured stays silent', async () => {
    const peer = await startModbusPeer({ mode: 'tcp', units: { 1: { ir: { 0: [0x4348, 0x0000] }, hr: { 10: [7] } } } });
    const client = new ModbusRTU();
    try {
      await client.connectTCP('127.0.0.1', { port: peer.port! });
      client.setTimeout(500);
      client.setID(1);
      const ir = await client.readInputRegisters(0, 2);
      expect(ir.data).toEqual([0x4348, 0]);
      expect(ir.buffer.readFloatBE(0)).toBe(200);
      const hr = await client.readHoldingRegisters(10, 1);
      expect(hr.data).toEqual([7]);
      client.setID(9);
      await expect(client.readHoldingRegisters(0, 1)).rejects.toThrow();
    } finally {
      await new Promise<void>((r) => client.close(() => r()));
      await peer.close();
    }
  });

  it('pymodbus answers Modbus RTU on a socat pty', async () => {
    const pty = await startPtyPair();
    const client = new ModbusRTU();
    let peer: Awaited<ReturnType<typeof startModbusPeer>> | undefined;
    try {
      peer = await startModbusPeer({ mode: 'rtu', device: pty.testPath, units: { 3: { hr: { 0: [1234] } } } });
      await client.connectRTUBuffered(pty.devicePath, { baudRate: 9600 });
      client.setTimeout(1000);
      client.setID(3);
      const hr = await client.readHoldingRegisters(0, 1);
      expect(hr.data).toEqual([1234]);
    } finally {
      if (client.isOpen) await new Promise<void>((r) => client.close(() => r()));
      await peer?.close();
      await pty.close();
    }
  });
});
