import type { AddressInfo, Server } from 'node:net';
import { ServerTCP } from 'modbus-serial';
import { jitter, type MachinePhase, type PhaseStep, phaseAt, seededRandom } from './pattern.js';
import { float32Words, readWords, type WordOrder } from './registers.js';

/** Input registers of the meter (function 04): 32-bit floats, two registers each. */
export const METER_REGISTERS = { current_a: 0, power_w: 2, energy_kwh: 4 } as const;
/** Energy meters often send the low word first (CDAB). */
export const METER_WORD_ORDER: WordOrder = 'little';
/** The meter's Modbus unit id. */
export const METER_UNIT = 1;

/** Current (A) and power (W) of a three-phase machine in each phase, before noise. */
const LEVELS: Record<MachinePhase, { currentA: number; powerW: number }> = {
  running: { currentA: 8.2, powerW: 1850 },
  idle: { currentA: 0.7, powerW: 140 },
  off: { currentA: 0, powerW: 0 },
};

/** Meter values in a phase; `random` adds ±4% noise to a running or idle machine. */
export function meterValues(phase: MachinePhase, random: () => number): { currentA: number; powerW: number } {
  const l = LEVELS[phase];
  if (phase === 'off') return { ...l };
  return { currentA: jitter(l.currentA, 0.04, random, 2), powerW: jitter(l.powerW, 0.04, random, 1) };
}

/**
 * A DIN-rail energy meter on a machine, as a Modbus TCP server (modbus-serial's ServerTCP).
 * Its values follow the machine's duty cycle; the energy register integrates the power.
 */
export class ModbusPowerMeter {
  private server: ServerTCP | null = null;
  private readonly random: () => number;
  private readonly registers = new Map<number, number>();
  private t0 = 0;
  private lastMs = 0;
  private energyKwh = 0;
  /** Register read requests answered. */
  requests = 0;
  /** The phase of the last answer. */
  phase: MachinePhase = 'off';
  port = 0;

  constructor(
    private readonly opts: {
      host: string;
      port: number;
      schedule: readonly PhaseStep[];
      seed: number;
      now: () => number;
    },
  ) {
    this.random = seededRandom(opts.seed);
  }

  async start(): Promise<void> {
    this.t0 = this.lastMs = this.opts.now();
    this.update();
    const vector = {
      getMultipleInputRegisters: (addr: number, length: number) => {
        this.requests++;
        this.update();
        return readWords(this.registers, addr, length);
      },
      getInputRegister: (addr: number) => {
        this.requests++;
        this.update();
        return readWords(this.registers, addr, 1)[0]!;
      },
    };
    // ServerTCP treats port 0 as "not given" (502); the string "0" reaches net.Server.listen,
    // which picks a free port, read back from its server below.
    const port = (this.opts.port === 0 ? '0' : this.opts.port) as number;
    const server = new ServerTCP(vector, { host: this.opts.host, port, unitID: METER_UNIT });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('initialized', () => resolve());
      server.once('serverError', (err: Error) => reject(err));
    }).catch(async (err: Error) => {
      await this.stop();
      throw new Error(`Modbus TCP server cannot listen on ${this.opts.host}:${this.opts.port}: ${err.message}`);
    });
    server.on('socketError', () => {}); // an agent that disconnects is not the meter's problem
    server.on('error', () => {});
    this.port = ((server as unknown as { _server: Server })._server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  private update(): void {
    const now = this.opts.now();
    this.phase = phaseAt(this.opts.schedule, now - this.t0);
    const { currentA, powerW } = meterValues(this.phase, this.random);
    this.energyKwh += (powerW * Math.max(0, now - this.lastMs)) / 3_600_000_000;
    this.lastMs = now;
    const set = (address: number, value: number) => {
      const [a, b] = float32Words(value, METER_WORD_ORDER);
      this.registers.set(address, a);
      this.registers.set(address + 1, b);
    };
    set(METER_REGISTERS.current_a, currentA);
    set(METER_REGISTERS.power_w, powerW);
    set(METER_REGISTERS.energy_kwh, this.energyKwh);
  }
}
