import type { ModbusRegisterConfig } from '../../config/inputs.js';
import { registerCount } from '../../decode/modbus-values.js';
import type { ModbusTable } from './transport.js';

/** One read request covering several configured values of one table. */
export interface ReadSpan {
  table: ModbusTable;
  address: number;
  count: number;
  registers: ModbusRegisterConfig[];
}

/** Longest span read in one request (function 03/04 allow 125 registers). */
const MAX_SPAN = 120;

export const typeOf = (r: ModbusRegisterConfig) =>
  r.type ?? (r.table === 'coil' || r.table === 'discrete' ? 'bool' : 'uint16');

/** Groups a register group's values into as few reads as possible, per table. Pure. */
export function planSpans(registers: readonly ModbusRegisterConfig[]): ReadSpan[] {
  const spans: ReadSpan[] = [];
  const byTable = new Map<ModbusTable, ModbusRegisterConfig[]>();
  for (const r of registers) byTable.set(r.table, [...(byTable.get(r.table) ?? []), r]);
  for (const [table, regs] of byTable) {
    regs.sort((a, b) => a.address - b.address);
    let cur: ReadSpan | null = null;
    for (const r of regs) {
      const end = r.address + registerCount(typeOf(r));
      if (cur && end - cur.address <= MAX_SPAN) {
        cur.count = Math.max(cur.count, end - cur.address);
        cur.registers.push(r);
      } else {
        cur = { table, address: r.address, count: end - r.address, registers: [r] };
        spans.push(cur);
      }
    }
  }
  return spans;
}
