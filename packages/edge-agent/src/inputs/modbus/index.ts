import type { ModbusRtuConfig, ModbusTcpConfig } from '../../config/inputs.js';
import type { InputContext } from '../types.js';
import { ModbusPoller } from './poller.js';
import { ModbusSerialTransport } from './transport.js';

export { ModbusPoller } from './poller.js';
export { ModbusSerialTransport, type ModbusTransport } from './transport.js';

/** Modbus RTU: several units on one RS-485 bus (or a USB adapter / pty). */
export const createModbusInput = (cfg: ModbusRtuConfig | ModbusTcpConfig, ctx: InputContext) =>
  new ModbusPoller(cfg, new ModbusSerialTransport(cfg), ctx);
