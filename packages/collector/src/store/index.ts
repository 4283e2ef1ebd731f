export * from './create.js';
export { InvalidCursorError } from './cursor.js';
export { measurementOf, readingsToLines, readingToLine, readingToPoint, rowToReading } from './influx/codec.js';
export { escapeKey, escapeMeasurement, pointTimeNs, quoteString, toLine } from './influx/line-protocol.js';
export * from './influx-store.js';
export * from './retention.js';
export * from './sqlite-store.js';
export * from './types.js';
