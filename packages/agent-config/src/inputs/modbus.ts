import { IdSchema } from '@gongbang/shared';
import { z } from 'zod';
import { BackoffSchema, inputBase, UnitSchema } from './common.js';
import { checkDeriveChannels, DeriveListSchema } from './derive.js';
import { serialPortFields } from './serial.js';

export const ModbusValueTypeSchema = z.enum(['int16', 'uint16', 'int32', 'uint32', 'float32', 'bool']);
export type ModbusValueType = z.infer<typeof ModbusValueTypeSchema>;

/** Register tables: holding (function 03), input (04), coil (01), discrete (02). */
export const ModbusTableSchema = z.enum(['holding', 'input', 'coil', 'discrete']);
export type ModbusTable = z.infer<typeof ModbusTableSchema>;

/** Word or byte order: `big` = most significant first, as the Modbus spec sends bytes. */
export const ModbusOrderSchema = z.enum(['big', 'little']);
export type ModbusOrder = z.infer<typeof ModbusOrderSchema>;

/** One value read from a unit. */
export const ModbusRegisterSchema = z
  .strictObject({
    channel: IdSchema,
    table: ModbusTableSchema,
    /** Zero-based register/coil address (register 30001 = input address 0). */
    address: z.number().int().min(0).max(65_535),
    /** Default uint16 for registers, bool for coils and discrete inputs. */
    type: ModbusValueTypeSchema.optional(),
    /** Order of the two registers of a 32-bit value: `big` = high word first. Default big. */
    wordOrder: ModbusOrderSchema.default('big'),
    /** Order of the bytes in each register: `big` per the Modbus spec. Default big. */
    byteOrder: ModbusOrderSchema.default('big'),
    /** value × scale + offset. */
    scale: z.number().finite().default(1),
    offset: z.number().finite().default(0),
    unit: UnitSchema.default('1'),
  })
  .refine((r) => !(r.table === 'coil' || r.table === 'discrete') || r.type === undefined || r.type === 'bool', {
    message: 'coils and discrete inputs are bool',
    path: ['type'],
  });
export type ModbusRegisterConfig = z.infer<typeof ModbusRegisterSchema>;

/** Registers polled together at one interval. */
export const ModbusGroupSchema = z.strictObject({
  /** Poll interval, ms. Default 1000. */
  intervalMs: z.number().int().min(50).max(86_400_000).default(1000),
  registers: z.array(ModbusRegisterSchema).min(1).max(256),
});

/** One slave (unit) on the bus or behind the TCP endpoint. */
export const ModbusDeviceSchema = z
  .strictObject({
    /** Modbus unit id: 1–247 on RTU; 0–255 on TCP. */
    unit: z.number().int().min(0).max(255),
    /** Source id of its readings. Default `<input id>.u<unit>`. */
    source: IdSchema.optional(),
    groups: z.array(ModbusGroupSchema).min(1).max(32),
    derive: DeriveListSchema,
  })
  .superRefine((d, ctx) =>
    checkDeriveChannels(
      d.derive,
      d.groups.flatMap((g) => g.registers.map((r) => r.channel)),
      ctx,
      ['derive'],
    ),
  );
export type ModbusDeviceConfig = z.infer<typeof ModbusDeviceSchema>;

const modbusCommon = {
  ...inputBase,
  /** Answer timeout per request, ms. Default 500. */
  timeoutMs: z.number().int().min(20).max(60_000).default(500),
  /** Backoff for a unit that does not answer (and for reconnecting). */
  retry: BackoffSchema.prefault({ minMs: 1000, maxMs: 60_000 }),
  devices: z.array(ModbusDeviceSchema).min(1).max(247),
};

const uniqueUnits = (c: { devices: { unit: number }[] }) =>
  new Set(c.devices.map((d) => d.unit)).size === c.devices.length;

export const ModbusRtuConfigSchema = z
  .strictObject({ ...modbusCommon, type: z.literal('modbus-rtu'), ...serialPortFields })
  .refine(uniqueUnits, { message: 'unit ids must be unique on a bus', path: ['devices'] })
  .refine((c) => c.devices.every((d) => d.unit >= 1 && d.unit <= 247), {
    message: 'RTU unit ids are 1–247',
    path: ['devices'],
  });
export type ModbusRtuConfig = z.infer<typeof ModbusRtuConfigSchema>;

export const ModbusTcpConfigSchema = z
  .strictObject({
    ...modbusCommon,
    type: z.literal('modbus-tcp'),
    host: z.string().min(1).max(253),
    /** Default 502. */
    port: z.number().int().min(1).max(65_535).default(502),
  })
  .refine(uniqueUnits, { message: 'unit ids must be unique per endpoint', path: ['devices'] });
export type ModbusTcpConfig = z.infer<typeof ModbusTcpConfigSchema>;
