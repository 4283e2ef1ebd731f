import { AgentConfigSchema } from '@gongbang/edge-agent';
import { describe, expect, it } from 'vitest';
import { decodeRegisters, decodeScan } from '../../../edge-agent/src/decode/index.js';
import { applyRules, compileRules } from '../../../edge-agent/src/decode/scan-rules.js';
import {
  meterInput,
  mqttInput,
  scannerInput,
  sensorInput,
  simulatedScannerInput,
} from '../../src/live/agent-inputs.js';
import { sensorLine, sensorSample } from '../../src/live/line-sensor.js';
import { resolveLiveOptions } from '../../src/live/options.js';
import { evenSchedule, phaseAt, seededRandom } from '../../src/live/pattern.js';
import { meterValues } from '../../src/live/power-meter.js';
import { socatOnPath } from '../../src/live/pty.js';
import { float32Words } from '../../src/live/registers.js';
import { gs1CheckDigit, jobScans, LIVE_GTIN, liveScanRules } from '../../src/live/scan-script.js';
import { shellyStatus } from '../../src/live/shelly-plug.js';

const agentConfig = (inputs: unknown[]) =>
  AgentConfigSchema.safeParse({
    agent: { id: 'a', dataDir: '/tmp/x' },
    collector: { url: 'http://127.0.0.1:1', token: 't' },
    inputs,
  });

describe('live device models', () => {
  it('walks a duty cycle phase by phase and repeats it', () => {
    const s = evenSchedule(1000);
    expect([0, 999, 1000, 2500, 3000, 4200].map((t) => phaseAt(s, t))).toEqual([
      'running',
      'running',
      'idle',
      'off',
      'running',
      'idle',
    ]);
    expect(() => phaseAt([], 0)).toThrow(/positive length/);
  });

  it('repeats the same values for the same seed', () => {
    const a = seededRandom(5);
    const b = seededRandom(5);
    expect(Array.from({ length: 5 }, a)).toEqual(Array.from({ length: 5 }, b));
    expect(meterValues('off', a)).toEqual({ currentA: 0, powerW: 0 });
    expect(meterValues('running', a).powerW).toBeGreaterThan(1700);
    expect(shellyStatus('off', 0, a)).toMatchObject({ output: false, apower: 0 });
  });

  it('writes meter floats the way the agent reads them, in both word orders', () => {
    for (const v of [1850.5, 0.7, 0, 123456.75]) {
      expect(decodeRegisters(float32Words(v, 'little'), 'float32', 'little')).toBeCloseTo(v, 2);
      expect(decodeRegisters(float32Words(v, 'big'), 'float32', 'big')).toBeCloseTo(v, 2);
    }
  });

  it('labels pieces with a valid GTIN and gives every scan of a job its meaning under the agent rules', () => {
    expect(gs1CheckDigit('0880123456789')).toBe('3');
    expect(LIVE_GTIN).toBe('08801234567893');
    const scanner = agentConfig([scannerInput('/dev/x')]).data!.inputs[0]!;
    if (scanner.type !== 'serial-scanner') throw new Error(`expected a serial-scanner, got ${scanner.type}`);
    const rules = compileRules(scanner.rules);
    const job = jobScans(4, 2);
    expect(job.map((f) => f.meaning)).toEqual([
      'badge',
      'work_order',
      'piece',
      'piece',
      'scrap',
      'stop_reason',
      'work_order',
      'badge',
    ]);
    for (const f of job) {
      expect(f.bytes.at(-1)).toBe(0x0d);
      const scan = decodeScan(f.bytes.subarray(0, -1), { aim: true });
      expect(scan.symbology?.aim).toBe(f.aim);
      expect(scan.text).toBe(f.text);
      expect(applyRules(scan, rules).meaning).toBe(f.meaning);
      expect(scan.flags).toEqual([]);
    }
    expect(decodeScan(job[2]!.bytes.subarray(0, -1), { aim: true }).gs1).toEqual([
      { ai: '01', value: LIVE_GTIN, valid: true },
      { ai: '10', value: 'L0004' },
      { ai: '21', value: 'SN000008' },
    ]);
    expect(jobScans(4, 2).map((f) => f.bytes)).toEqual(job.map((f) => f.bytes));
    expect(liveScanRules().map((r) => r.id)).toContain('stop-reason');
  });

  it('prints sensor lines in the kv format the agent config reads', () => {
    const s = sensorSample(0, seededRandom(1));
    expect(sensorLine(s).toString()).toMatch(/^temp=\d+(\.\d)? hum=\d+(\.\d)?\n$/);
  });

  it('makes agent input sections the agent config accepts, with and without pseudo-terminals', () => {
    const socat = agentConfig([
      scannerInput('/tmp/s'),
      sensorInput('/tmp/t'),
      meterInput('127.0.0.1', 1502, 1000),
      mqttInput('mqtt://127.0.0.1:1883', 2000, false),
    ]);
    expect(socat.success ? [] : socat.error.issues).toEqual([]);
    const fallback = agentConfig([
      simulatedScannerInput(4000, 1),
      meterInput('127.0.0.1', 1502, 1000),
      mqttInput('mqtt://127.0.0.1:1883', 2000, true),
    ]);
    expect(fallback.success ? [] : fallback.error.issues).toEqual([]);
    expect(simulatedScannerInput(100, 1)).toMatchObject({ ratePerS: 10, channels: [{ every: 8 }, { every: 1 }] });
    expect(simulatedScannerInput(4000, 1)).toMatchObject({ ratePerS: 1, channels: [{ every: 32 }, { every: 4 }] });
  });

  it('refuses bad options with the value in the message, and finds socat only on PATH', () => {
    expect(() => resolveLiveOptions({ serial: 'pty' as never })).toThrow(/"pty"/);
    expect(() => resolveLiveOptions({ scanIntervalMs: 1 })).toThrow(/scanIntervalMs .* 1$/);
    expect(() => resolveLiveOptions({ modbusPort: 70_000 })).toThrow(/70000/);
    expect(Object.isFrozen(resolveLiveOptions({}))).toBe(true);
    expect(socatOnPath('/nonexistent-dir')).toBeNull();
  });
});
