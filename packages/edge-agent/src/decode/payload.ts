import type { PayloadMap } from '../config/inputs.js';
import { deviceTimeMs, getPath, toNumber } from './json-path.js';
import { channelValue, type DecodedValues } from './values.js';

/** Decodes a `number` or `json` MQTT payload; `null` when it is not in the format (malformed). Pure. */
export function decodePayload(
  payload: Buffer,
  map: Exclude<PayloadMap, { format: 'shelly-gen2' }>,
): DecodedValues | null {
  const text = payload.toString('utf8').trim();
  const out: DecodedValues = { values: [], problems: [] };
  if (map.format === 'number') {
    const n = text === '' ? undefined : Number(text);
    if (n === undefined || !Number.isFinite(n)) return null;
    channelValue({ channel: map.channel, unit: map.unit, scale: map.scale, offset: map.offset }, n, out);
    return out;
  }
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    return null;
  }
  if (obj === null || typeof obj !== 'object') return null;
  for (const ch of map.channels) {
    const raw = getPath(obj, ch.key ?? ch.channel);
    if (raw === undefined) continue;
    channelValue(ch, toNumber(raw), out);
  }
  if (map.timestampKey !== undefined) {
    const ts = deviceTimeMs(getPath(obj, map.timestampKey));
    if (ts !== undefined) out.deviceTs = ts;
  }
  return out;
}
