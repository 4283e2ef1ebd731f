/** Word order of a 32-bit value in two Modbus registers: `big` = high word first (ABCD), `little` = CDAB. */
export type WordOrder = 'big' | 'little';

/**
 * A 32-bit IEEE 754 float as two 16-bit registers, as energy meters put it in their input
 * registers (function 04). Many meters send the low word first (`little`, CDAB).
 */
export function float32Words(value: number, wordOrder: WordOrder): [number, number] {
  const b = Buffer.alloc(4);
  b.writeFloatBE(value);
  const hi = b.readUInt16BE(0);
  const lo = b.readUInt16BE(2);
  return wordOrder === 'big' ? [hi, lo] : [lo, hi];
}

/** Registers `[address, address + count)` of a register map; absent addresses read 0. */
export function readWords(map: ReadonlyMap<number, number>, address: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => map.get(address + i) ?? 0);
}
