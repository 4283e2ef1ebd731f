export * from './create.js';
export { InvalidCursorError, MAX_CURSOR_OFFSET, MAX_TIME_MS } from './cursor.js';
export { measurementOf, readingsToLines, readingToLine, readingToPoint, rowToReading } from './influx/codec.js';
export { InfluxQlValueError } from './influx/influxql.js';
export { escapeKey, escapeMeasurement, pointTimeNs, quoteString, toLine } from './influx/line-protocol.js';
export { CrowdedMillisecondError, MAX_QUERY_LIMIT } from './influx/paging.js';
export * from './influx-store.js';
export * from './retention.js';
// For the ingest benchmark's raw better-sqlite3 baseline: the store's own schema, pragmas and insert.
export { openReadingsDb, type SqliteSynchronous } from './sqlite/db.js';
export { COLUMNS, prepareRowInsert, type RowBatch, toRows } from './sqlite/writer.js';
export * from './sqlite-store.js';
export * from './types.js';
