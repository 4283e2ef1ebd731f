import { Writable } from 'node:stream';
import { type MeasurementReading, type Reading, ReadingSchema, type ScanReading } from '@gongbang/shared';
import { pino } from 'pino';
import { InputConfigSchema } from '../../src/config/inputs.js';
import { createInputs } from '../../src/inputs/index.js';
import type { Input, ReadingDraft } from '../../src/inputs/types.js';

/** Readings an input produced, each checked against the wire contract with a seq added, and the log lines. */
export interface Capture {
  readings: Reading[];
  invalid: string[];
  logs: Record<string, unknown>[];
  input: Input;
}

/** Builds one input from a config object exactly as the agent does (schema, then factory). */
export function buildInput(config: Record<string, unknown>): Capture {
  const parsed = InputConfigSchema.parse(config);
  const cap: Omit<Capture, 'input'> = { readings: [], invalid: [], logs: [] };
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n')) if (line) cap.logs.push(JSON.parse(line));
      cb();
    },
  });
  const logger = pino({ level: 'info' }, stream);
  let seq = 0;
  const sink = (draft: ReadingDraft) => {
    const r = ReadingSchema.safeParse({ ...draft, seq: ++seq });
    if (r.success) cap.readings.push(r.data);
    else cap.invalid.push(`${JSON.stringify(draft).slice(0, 300)}: ${r.error.message}`);
  };
  const [input] = createInputs([parsed], { sink, logger, now: () => Date.now() });
  return { ...cap, input: input! };
}

export const scans = (c: Capture) => c.readings.filter((r): r is ScanReading => r.kind === 'scan');
export const measurements = (c: Capture, channel?: string) =>
  c.readings.filter(
    (r): r is MeasurementReading => r.kind === 'measurement' && (channel === undefined || r.channel === channel),
  );
