import type { ModbusOrder, ModbusValueType } from '../config/inputs.js';

/** Registers a value of this type occupies. */
export function registerCount(type: ModbusValueType): number {
  return type === 'int32' || type === 'uint32' || type === 'float32' ? 2 : 1;
}

/**
 * Decodes Modbus register words into a number. `wordOrder: 'little'` means the low word comes
 * first (common on energy meters: "CDAB"); `byteOrder: 'little'` swaps the two bytes of each word.
 */
export function decodeRegisters(
  words: readonly number[],
  type: ModbusValueType,
  wordOrder: ModbusOrder = 'big',
  byteOrder: ModbusOrder = 'big',
): number {
  const n = registerCount(type);
  if (words.length < n) throw new Error(`${type} needs ${n} registers, got ${words.length}`);
  const ordered = n === 2 && wordOrder === 'little' ? [words[1]!, words[0]!] : words.slice(0, n);
  const buf = Buffer.alloc(n * 2);
  ordered.forEach((w, i) => {
    const v = w & 0xffff;
    buf.writeUInt16BE(byteOrder === 'little' ? ((v & 0xff) << 8) | (v >> 8) : v, i * 2);
  });
  switch (type) {
    case 'int16':
      return buf.readInt16BE(0);
    case 'uint16':
      return buf.readUInt16BE(0);
    case 'int32':
      return buf.readInt32BE(0);
    case 'uint32':
      return buf.readUInt32BE(0);
    case 'float32':
      return buf.readFloatBE(0);
    case 'bool':
      return words[0] ? 1 : 0;
  }
}

/** Inverse of {@link decodeRegisters} for tests and simulators. */
export function encodeRegisters(
  value: number,
  type: ModbusValueType,
  wordOrder: ModbusOrder = 'big',
  byteOrder: ModbusOrder = 'big',
): number[] {
  const n = registerCount(type);
  const buf = Buffer.alloc(n * 2);
  if (type === 'float32') buf.writeFloatBE(value, 0);
  else if (type === 'int32') buf.writeInt32BE(value, 0);
  else if (type === 'uint32') buf.writeUInt32BE(value, 0);
  else if (type === 'int16') buf.writeInt16BE(value, 0);
  else buf.writeUInt16BE(type === 'bool' ? (value ? 1 : 0) : value, 0);
  let words = Array.from({ length: n }, (_, i) => buf.readUInt16BE(i * 2));
  if (byteOrder === 'little') words = words.map((w) => ((w & 0xff) << 8) | (w >> 8));
  return n === 2 && wordOrder === 'little' ? [words[1]!, words[0]!] : words;
}
