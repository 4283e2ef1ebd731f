import {
  expectType,
  type InputType,
  type ModbusRtuConfig,
  type ModbusTcpConfig,
  type MqttBrokerConfig,
  type MqttSubscribeConfig,
  type SerialScannerConfig,
  type SerialSensorConfig,
} from '../config/inputs.js';
import { LazyInput } from './lazy.js';
import type { InputFactory } from './types.js';

/**
 * Factories of the device inputs, by `type` in agent.yaml. Each implementation module is
 * imported only when an input of its type starts (see LazyInput); the config is checked here,
 * at build time, so a wrong type still fails before anything starts.
 */
export const DEVICE_INPUT_FACTORIES: Record<Exclude<InputType, 'simulated'>, InputFactory> = {
  'serial-scanner': (c, ctx) => {
    const config = expectType<SerialScannerConfig>(c, 'serial-scanner');
    return new LazyInput(
      c.id,
      c.type,
      async () => new (await import('./serial/scanner.js')).SerialScannerInput(config, ctx),
    );
  },
  'serial-sensor': (c, ctx) => {
    const config = expectType<SerialSensorConfig>(c, 'serial-sensor');
    return new LazyInput(
      c.id,
      c.type,
      async () => new (await import('./serial/sensor.js')).SerialSensorInput(config, ctx),
    );
  },
  'modbus-rtu': (c, ctx) => {
    const config = expectType<ModbusRtuConfig>(c, 'modbus-rtu');
    return new LazyInput(c.id, c.type, async () => (await import('./modbus/index.js')).createModbusInput(config, ctx));
  },
  'modbus-tcp': (c, ctx) => {
    const config = expectType<ModbusTcpConfig>(c, 'modbus-tcp');
    return new LazyInput(c.id, c.type, async () => (await import('./modbus/index.js')).createModbusInput(config, ctx));
  },
  'mqtt-broker': (c, ctx) => {
    const config = expectType<MqttBrokerConfig>(c, 'mqtt-broker');
    return new LazyInput(c.id, c.type, async () => new (await import('./mqtt/broker.js')).MqttBrokerInput(config, ctx));
  },
  'mqtt-subscribe': (c, ctx) => {
    const config = expectType<MqttSubscribeConfig>(c, 'mqtt-subscribe');
    return new LazyInput(
      c.id,
      c.type,
      async () => new (await import('./mqtt/subscriber.js')).MqttSubscribeInput(config, ctx),
    );
  },
};
