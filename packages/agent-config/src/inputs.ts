import { z } from 'zod';
import { ModbusRtuConfigSchema, ModbusTcpConfigSchema } from './inputs/modbus.js';
import { MqttBrokerConfigSchema, MqttSubscribeConfigSchema } from './inputs/mqtt.js';
import { SerialScannerConfigSchema, SerialSensorConfigSchema } from './inputs/serial.js';
import { SimulatedConfigSchema } from './inputs/simulated.js';

export * from './inputs/common.js';
export * from './inputs/derive.js';
export * from './inputs/modbus.js';
export * from './inputs/mqtt.js';
export * from './inputs/scan-rules.js';
export * from './inputs/serial.js';
export * from './inputs/simulated.js';

/** Simulated devices for the demo and the delivery tests (inputs/simulated.ts). */
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
/** An input's `type` in agent.yaml. */
export type InputType = InputConfig['type'];

/** Every input `type` the schema knows, in schema order (derived, so it cannot drift). */
export const INPUT_TYPES: readonly InputType[] = InputConfigSchema.options.map((o) => o.shape.type.value);

/**
 * The whole `inputs:` list: every input valid, and input ids (and explicit Modbus device
 * sources) unique, since they become reading sources. Issues point at the duplicate's `id`.
 * Meant for `AgentConfigSchema.inputs`; `check-config` applies the same check meanwhile.
 */
export const InputListSchema = z.array(InputConfigSchema).superRefine((inputs, ctx) => {
  const seen = new Map<string, string>();
  const claim = (source: string, path: (string | number)[]) => {
    const first = seen.get(source);
    if (first)
      ctx.addIssue({ code: 'custom', path, message: `source id "${source}" is already used at inputs${first}` });
    else seen.set(source, path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join(''));
  };
  inputs.forEach((input, i) => {
    claim(input.id, [i, 'id']);
    if (input.type === 'modbus-rtu' || input.type === 'modbus-tcp') {
      input.devices.forEach((d, j) => {
        if (d.source) claim(d.source, [i, 'devices', j, 'source']);
      });
    }
  });
});
