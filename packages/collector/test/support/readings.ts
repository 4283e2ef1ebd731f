import type { Batch, Reading } from '@gongbang/shared';

/** Text that line protocol and CSV must carry unchanged. */
export const TRICKY_TEXT = 'WO 12,3=4 "quoted" back\\slash\nnew line 한글 작업지시 😀 tab\tend';

/** One reading of every kind, seq from `seq0`, times from `ts0` one ms apart. */
export function everyKind(seq0: number, ts0: number): Reading[] {
  let i = 0;
  const base = (source: string) => ({ seq: seq0 + i, ts: ts0 + i++, timeSource: 'agent' as const, source });
  return [
    {
      ...base('scanner-1'),
      kind: 'scan',
      text: TRICKY_TEXT,
      raw: Buffer.from(TRICKY_TEXT).toString('base64'),
      encoding: 'utf-8',
      symbology: { aim: ']Q1', name: 'qr' },
      gs1: null,
      meaning: 'work_order',
      rule: 'wo',
      fields: { order: 'WO 12,3=4' },
      flags: [],
    },
    {
      ...base('scanner-1'),
      kind: 'scan',
      text: '0108801234567893101234',
      raw: 'XUMxMDEwODgwMTIzNDU2Nzg5MzEwMTIzNA0=',
      encoding: 'ascii',
      symbology: null,
      gs1: [{ ai: '01', value: '08801234567893', valid: true }],
      meaning: 'product',
      rule: null,
      fields: {},
      flags: ['bad_check_digit', 'truncated'],
    },
    {
      ...base('scanner-2'),
      kind: 'scan',
      text: null,
      raw: 'AAEC',
      encoding: 'undecodable',
      symbology: null,
      gs1: null,
      meaning: 'unknown',
      rule: null,
      fields: {},
      flags: ['undecodable'],
    },
    { ...base('meter-1'), kind: 'measurement', channel: 'power_w', value: 812.5, unit: 'W' },
    { ...base('meter-1'), kind: 'measurement', channel: 'current_a', value: -1e15, unit: 'A' },
    {
      ...base('meter-1'),
      kind: 'machine_state',
      machine: 'press-1',
      state: 'running',
      reason: 'threshold',
      channel: 'power_w',
    },
    { ...base('meter-1'), kind: 'machine_state', machine: 'press-1', state: 'unknown', reason: 'no data, 한글' },
    { ...base('sewing-3'), kind: 'count', channel: 'pieces', delta: 3, total: 1003, counterEvent: 'rollover' },
    { ...base('sewing-3'), kind: 'count', channel: 'pieces', delta: 0, total: 1003 },
    {
      ...base('agent'),
      kind: 'gap',
      dropped: 120,
      reason: 'spool_full',
      fromSeq: 10,
      toSeq: 129,
      detail: 'disk "full"',
    },
    { ...base('agent'), kind: 'gap', dropped: 1, reason: 'other' },
    {
      ...base('agent'),
      kind: 'health',
      agentVersion: '0.1.0',
      uptimeS: 3600.5,
      spoolDepth: 0,
      spoolOldestAgeMs: null,
      deadLetters: 0,
      clockOffsetMs: -120,
      inputs: [{ id: 'scanner-1', connected: true, lastDataTs: ts0, errors: { frame_too_long: 1 } }],
    },
  ];
}

/** `n` measurements of one source, one ms apart. */
export function measurements(seq0: number, ts0: number, n: number, source = 'meter-1'): Reading[] {
  return Array.from({ length: n }, (_, i) => ({
    seq: seq0 + i,
    ts: ts0 + i,
    timeSource: 'device' as const,
    source,
    kind: 'measurement' as const,
    channel: 'power_w',
    value: i * 1.5,
    unit: 'W',
  }));
}

/** A wire batch of these readings. */
export function batchOf(agentId: string, readings: Reading[], batchId = `b-${readings[0]?.seq}`): Batch {
  const seqs = readings.map((r) => r.seq);
  return {
    v: 1,
    agentId,
    batchId,
    firstSeq: Math.min(...seqs),
    lastSeq: Math.max(...seqs),
    sentAt: Date.now(),
    readings,
  };
}
