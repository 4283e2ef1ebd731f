import type { MachineState, ScanMeaning } from '@gongbang/shared';
import type { Draft } from './sink.js';

/** A Code 128 scan as the agent's decode and scan rules would deliver it (fields named as docs/metrics.md reads them). */
export function scan(
  ts: number,
  source: string,
  meaning: ScanMeaning,
  text: string,
  fields: Record<string, string>,
): Draft {
  return {
    ts,
    timeSource: 'agent',
    source,
    kind: 'scan',
    text,
    raw: Buffer.from(`${text}\r`, 'utf8').toString('base64'),
    encoding: /^[\x20-\x7e]*$/.test(text) ? 'ascii' : 'utf-8',
    symbology: { aim: ']C0', name: 'code128' },
    gs1: null,
    meaning,
    rule: meaning.replace('_', '-'),
    fields,
    flags: [],
  };
}

export function machineState(ts: number, source: string, machine: string, state: MachineState): Draft {
  return {
    ts,
    timeSource: 'agent',
    source,
    kind: 'machine_state',
    machine,
    state,
    reason: state === 'unknown' ? 'no_data' : 'threshold',
    channel: 'power_w',
  };
}

export function count(ts: number, source: string, channel: string, delta: number, total: number): Draft {
  return { ts, timeSource: 'agent', source, kind: 'count', channel, delta, total };
}
