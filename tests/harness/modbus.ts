import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type FreePortsOptions, onFreePorts, waitListening } from './ports.js';
import { type ManagedProcess, startProcess } from './util.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./modbus_peer.py', import.meta.url));

/** Register contents of one Modbus unit, by table, keyed by zero-based start address. */
export interface ModbusUnitData {
  hr?: Record<number, number[]>;
  ir?: Record<number, number[]>;
  co?: Record<number, number[]>;
  di?: Record<number, number[]>;
}

export interface ModbusPeer {
  process: ManagedProcess;
  /** TCP port, for `mode: 'tcp'`. */
  port?: number;
  close: () => Promise<void>;
}

export type ModbusPeerOptions =
  | ({ mode: 'tcp'; units: Record<number, ModbusUnitData> } & FreePortsOptions)
  | { mode: 'rtu'; device: string; baudrate?: number; units: Record<number, ModbusUnitData> };

/** Checks that Debian's pymodbus is importable by the system Python (not the pyenv one on PATH). */
function requirePymodbus(): void {
  const hint = 'Install it with: sudo apt-get update && sudo apt-get install -y python3-pymodbus';
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing. ${hint}`);
  if (!existsSync('/usr/lib/python3/dist-packages/pymodbus')) throw new Error(`pymodbus is not installed. ${hint}`);
}

/**
 * Starts pymodbus as a real Modbus server: TCP on a free port, or RTU on a serial device
 * (one end of a socat pty pair). Units not listed never answer, like a dead meter.
 */
export async function startModbusPeer(opts: ModbusPeerOptions): Promise<ModbusPeer> {
  requirePymodbus();
  if (opts.mode === 'rtu') {
    const cfg = { mode: 'rtu', device: opts.device, baudrate: opts.baudrate ?? 9600, slaves: opts.units };
    return await launchPeer(cfg, []);
  }
  return await onFreePorts(1, ([port]) => launchPeer({ mode: 'tcp', port, slaves: opts.units }, [port!]), opts);
}

async function launchPeer(cfg: Record<string, unknown>, ports: number[]): Promise<ModbusPeer> {
  const proc = startProcess(PYTHON, [SCRIPT, JSON.stringify(cfg)]);
  try {
    await waitListening(proc, 'the pymodbus peer', ports, {
      timeoutMs: 20_000,
      ready: async () => proc.output().includes('READY'),
    });
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { process: proc, port: ports[0], close: () => proc.stop(2_000) };
}
