import ModbusSerial from 'modbus-serial';
import type { ModbusRtuConfig, ModbusTable, ModbusTcpConfig } from '../../config/inputs.js';

// modbus-serial is CommonJS whose typings declare an ES default export; at runtime the default import is the class.
const ModbusRTU = ModbusSerial as unknown as typeof ModbusSerial.default;
type Client = InstanceType<typeof ModbusRTU>;

export type { ModbusTable } from '../../config/inputs.js';

/** The bus or TCP endpoint, behind the few calls the poller needs. */
export interface ModbusTransport {
  readonly isOpen: boolean;
  connect(): Promise<void>;
  close(): Promise<void>;
  /** Reads `count` registers (words) or bits (0/1) of one unit. */
  read(unit: number, table: ModbusTable, address: number, count: number): Promise<number[]>;
}

/** modbus-serial for RTU (serial, RS-485) or TCP. */
export class ModbusSerialTransport implements ModbusTransport {
  private client: Client | null = null;

  constructor(private readonly cfg: ModbusRtuConfig | ModbusTcpConfig) {}

  get isOpen(): boolean {
    return this.client?.isOpen ?? false;
  }

  async connect(): Promise<void> {
    await this.close();
    const client = new ModbusRTU();
    this.client = client;
    const c = this.cfg;
    if (c.type === 'modbus-rtu') {
      await client.connectRTUBuffered(c.port, {
        baudRate: c.baudRate,
        parity: c.parity,
        dataBits: c.dataBits,
        stopBits: c.stopBits,
      });
    } else {
      await client.connectTCP(c.host, { port: c.port });
    }
    client.setTimeout(c.timeoutMs);
  }

  async close(): Promise<void> {
    const c = this.client;
    this.client = null;
    if (c?.isOpen) await new Promise<void>((r) => c.close(() => r()));
  }

  async read(unit: number, table: ModbusTable, address: number, count: number): Promise<number[]> {
    const c = this.client;
    if (!c) throw Object.assign(new Error('not connected'), { code: 'NOT_CONNECTED' });
    c.setID(unit);
    switch (table) {
      case 'holding':
        return (await c.readHoldingRegisters(address, count)).data;
      case 'input':
        return (await c.readInputRegisters(address, count)).data;
      case 'coil':
        return (await c.readCoils(address, count)).data.slice(0, count).map((b) => (b ? 1 : 0));
      case 'discrete':
        return (await c.readDiscreteInputs(address, count)).data.slice(0, count).map((b) => (b ? 1 : 0));
    }
  }
}
