import { deviceTimeMs, getPath, toNumber } from './json-path.js';
import type { ChannelValue } from './values.js';

/** Which Shelly Gen2 topic a message came on, relative to the device prefix. */
export type ShellyTopic = 'status' | 'rpc' | 'online';

/** Last full status of one switch, with notifications merged onto it. */
export interface ShellyState {
  status: Record<string, unknown> | null;
}

export interface ShellyOutcome {
  state: ShellyState;
  values: ChannelValue[];
  /** Device time (NotifyStatus `params.ts`, s) when the device gave one. */
  deviceTs?: number;
  /** `<prefix>/online` said true or false. */
  online?: boolean;
  /** The payload was not what Shelly sends on this topic. */
  malformed?: boolean;
  /** Valid but nothing to report (another method, another component). */
  ignored?: boolean;
}

/** Fields of `switch:N` status reported as measurements (Shelly Gen2 API, Switch component). */
const FIELDS: { path: string; channel: string; unit: string }[] = [
  { path: 'output', channel: 'output', unit: '1' },
  { path: 'apower', channel: 'power_w', unit: 'W' },
  { path: 'voltage', channel: 'voltage_v', unit: 'V' },
  { path: 'current', channel: 'current_a', unit: 'A' },
  { path: 'aenergy.total', channel: 'energy_wh', unit: 'Wh' },
  { path: 'temperature.tC', channel: 'temperature', unit: 'Cel' },
];

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Deep merge of a NotifyStatus partial update onto the last status (objects merge, the rest replaces). */
export function mergeStatus(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = isObject(v) && isObject(out[k]) ? mergeStatus(out[k], v) : v;
  return out;
}

function valuesOf(status: Record<string, unknown>): ChannelValue[] {
  const out: ChannelValue[] = [];
  for (const f of FIELDS) {
    const n = toNumber(getPath(status, f.path));
    if (n !== undefined) out.push({ channel: f.channel, value: n, unit: f.unit });
  }
  return out;
}

/** One Shelly Gen2 message → measurements, merging partial updates onto the last full status. Pure. */
export function shellyStep(state: ShellyState, topic: ShellyTopic, payload: Buffer, switchId: number): ShellyOutcome {
  const text = payload.toString('utf8').trim();
  if (topic === 'online') {
    if (text === 'true' || text === 'false') return { state, values: [], online: text === 'true' };
    return { state, values: [], malformed: true };
  }
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return { state, values: [], malformed: true };
  }
  if (!isObject(msg)) return { state, values: [], malformed: true };
  if (topic === 'status') {
    const status = msg;
    return { state: { status }, values: valuesOf(status) };
  }
  // events/rpc: {"method":"NotifyStatus","params":{"ts":1631266595.43,"switch:0":{"apower":8.9}}}
  if (msg.method !== 'NotifyStatus') return { state, values: [], ignored: true };
  const params = msg.params;
  if (!isObject(params)) return { state, values: [], malformed: true };
  const patch = params[`switch:${switchId}`];
  if (patch === undefined) return { state, values: [], ignored: true };
  if (!isObject(patch)) return { state, values: [], malformed: true };
  const status = mergeStatus(state.status ?? {}, patch);
  return { state: { status }, values: valuesOf(status), deviceTs: deviceTimeMs(params.ts) };
}
