import type { ChannelConfig } from '../config/inputs.js';

/** One numeric value for a channel, before it becomes a reading. */
export interface ChannelValue {
  channel: string;
  value: number;
  unit: string;
}

/** Outcome of decoding one line or payload: the values, a device time if any, and problems by kind. */
export interface DecodedValues {
  values: ChannelValue[];
  deviceTs?: number;
  /** Problems by error kind, e.g. `bad_value` for a channel whose value is not a number. */
  problems: string[];
}

const LIMIT = 1e15;

/** Applies scale and offset and checks the wire's range; pushes a problem when not a usable number. */
export function channelValue(ch: ChannelConfig, raw: number | undefined, out: DecodedValues): void {
  if (raw === undefined) {
    out.problems.push('bad_value');
    return;
  }
  const value = raw * ch.scale + ch.offset;
  if (!Number.isFinite(value) || Math.abs(value) > LIMIT) {
    out.problems.push('out_of_range');
    return;
  }
  out.values.push({ channel: ch.channel, value, unit: ch.unit });
}
