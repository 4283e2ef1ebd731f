import {
  expectType,
  type ModbusRtuConfig,
  type ModbusTcpConfig,
  type MqttBrokerConfig,
  type MqttSubscribeConfig,
  type SerialScannerConfig,
  type SerialSensorConfig,
} from '../config/inputs.js';
import { createModbusInput } from './modbus/index.js';
import { MqttBrokerInput } from './mqtt/broker.js';
import { MqttSubscribeInput } from './mqtt/subscriber.js';
import { SerialScannerInput } from './serial/scanner.js';
import { SerialSensorInput } from './serial/sensor.js';
import type { InputFactory } from './types.js';

/** Factories of the device inputs, by `type` in agent.yaml. */
export const DEVICE_INPUT_FACTORIES: Record<string, InputFactory> = {
  'serial-scanner': (c, ctx) => new SerialScannerInput(expectType<SerialScannerConfig>(c, 'serial-scanner'), ctx),
  'serial-sensor': (c, ctx) => new SerialSensorInput(expectType<SerialSensorConfig>(c, 'serial-sensor'), ctx),
  'modbus-rtu': (c, ctx) => createModbusInput(expectType<ModbusRtuConfig>(c, 'modbus-rtu'), ctx),
  'modbus-tcp': (c, ctx) => createModbusInput(expectType<ModbusTcpConfig>(c, 'modbus-tcp'), ctx),
  'mqtt-broker': (c, ctx) => new MqttBrokerInput(expectType<MqttBrokerConfig>(c, 'mqtt-broker'), ctx),
  'mqtt-subscribe': (c, ctx) => new MqttSubscribeInput(expectType<MqttSubscribeConfig>(c, 'mqtt-subscribe'), ctx),
};
