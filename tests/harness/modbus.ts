import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assertAlive, canConnect, freePort, type ManagedProcess, startProcess, waitFor } from './util.js';

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
  | { mode: 'tcp'; units: Record<number, ModbusUnitData> }
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
  const port = opts.mode === 'tcp' ? await freePort() : undefined;
  const cfg =
    opts.mode === 'tcp'
      ? { mode: 'tcp', port, slaves: opts.units }
      : { mode: 'rtu', device: opts.device, baudrate: opts.baudrate ?? 9600, slaves: opts.units };
  const proc = startProcess(PYTHON, [SCRIPT, JSON.stringify(cfg)]);
  try {
    await waitFor(
      'the pymodbus peer to print READY',
      async () => {
        assertAlive(proc, 'pymodbus peer');
        if (!proc.output().includes('READY')) return false;
        return port === undefined ? true : await canConnect(port);
      },
      { timeoutMs: 20_000 },
    );
  } catch (err) {
    await proc.stop();
    throw new Error(`${(err as Error).message}\n${proc.output()}`);
  }
  return { process: proc, port, close: () => proc.stop(2_000) };
}
