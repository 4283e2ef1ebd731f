import type { ChannelConfig, SensorLineFormat } from '../config/inputs.js';
import { deviceTimeMs, getPath, toNumber } from './json-path.js';
import { channelValue, type DecodedValues } from './values.js';

/** How a microcontroller's line is laid out. */
export interface SensorLineOptions {
  format: SensorLineFormat;
  /** CSV column names in order; `-` skips a column. */
  columns?: readonly string[];
  /** CSV separator. */
  separator: string;
  channels: readonly ChannelConfig[];
  /** Key of a device timestamp (Unix s or ms). */
  timestampKey?: string;
}

/** Splits `a=1 b=2`, `a=1,b=2` or `a=1;b=2` into pairs. */
function parseKv(line: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const part of line.split(/[\s,;]+/)) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return Object.keys(out).length ? out : undefined;
}

function parseCsv(line: string, opts: SensorLineOptions): Record<string, string> | undefined {
  const cells = line.split(opts.separator).map((c) => c.trim());
  const cols = opts.columns ?? [];
  if (cells.length !== cols.length) return undefined;
  const out: Record<string, string> = {};
  cols.forEach((c, i) => {
    if (c !== '-') out[c] = cells[i]!;
  });
  return out;
}

/** Decodes one text line (terminator removed). `null` when the line is not in the format at all. Pure. */
export function decodeSensorLine(line: string, opts: SensorLineOptions): DecodedValues | null {
  const text = line.trim();
  if (text === '') return { values: [], problems: [] };
  let record: unknown;
  if (opts.format === 'json') {
    try {
      record = JSON.parse(text);
    } catch {
      return null;
    }
    if (record === null || typeof record !== 'object') return null;
  } else {
    record = opts.format === 'csv' ? parseCsv(text, opts) : parseKv(text);
    if (record === undefined) return null;
  }
  const get = (key: string) =>
    opts.format === 'json' ? getPath(record, key) : (record as Record<string, string>)[key];
  const out: DecodedValues = { values: [], problems: [] };
  for (const ch of opts.channels) {
    const raw = get(ch.key ?? ch.channel);
    if (raw === undefined) continue; // a sensor may send only some channels per line
    channelValue(ch, toNumber(raw), out);
  }
  if (opts.timestampKey !== undefined) {
    const ts = deviceTimeMs(get(opts.timestampKey));
    if (ts !== undefined) out.deviceTs = ts;
  }
  return out;
}
