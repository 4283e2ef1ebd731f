import { z } from 'zod';
import { SimulatedConfigSchema } from '../inputs/simulated/config.js';
import { ModbusRtuConfigSchema, ModbusTcpConfigSchema } from './inputs/modbus.js';
import { MqttBrokerConfigSchema, MqttSubscribeConfigSchema } from './inputs/mqtt.js';
import { SerialScannerConfigSchema, SerialSensorConfigSchema } from './inputs/serial.js';

export * from './inputs/common.js';
export * from './inputs/derive.js';
export * from './inputs/modbus.js';
export * from './inputs/mqtt.js';
export * from './inputs/scan-rules.js';
export * from './inputs/serial.js';

/** Simulated devices for the demo and the delivery tests; the schema lives with the simulated input. */
export const SimulatedInputConfigSchema = SimulatedConfigSchema;

/**
 * One configured input (a device or device group), by `type`. `id` becomes the `source`
 * of every reading it produces (multi-device inputs derive per-device sources from it).
 */
export const InputConfigSchema = z.discriminatedUnion('type', [
  SerialScannerConfigSchema,
  SerialSensorConfigSchema,
  ModbusRtuConfigSchema,
  ModbusTcpConfigSchema,
  MqttBrokerConfigSchema,
  MqttSubscribeConfigSchema,
  SimulatedInputConfigSchema,
]);
export type InputConfig = z.infer<typeof InputConfigSchema>;
