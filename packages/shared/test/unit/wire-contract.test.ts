import { describe, expect, it } from 'vitest';
import {
  ApiErrorSchema,
  apiError,
  BatchSchema,
  describeValidationError,
  IngestAckSchema,
  READING_KINDS,
  ReadingSchema,
} from '../../src/index.js';

const T = 1_764_000_000_000; // 2025-11-24T16:00:00Z
const base = { seq: 1, ts: T, timeSource: 'agent', source: 'scanner-1' } as const;

const valid: Record<string, unknown> = {
  scan: {
    ...base,
    kind: 'scan',
    text: '0108801234567893101234',
    raw: Buffer.from(']C10108801234567893101234\r').toString('base64'),
    encoding: 'ascii',
    symbology: { aim: ']C1', name: 'gs1-128' },
    gs1: [
      { ai: '01', value: '08801234567893', valid: true },
      { ai: '10', value: '1234' },
    ],
    meaning: 'product',
    rule: 'gtin',
    fields: {},
    flags: [],
  },
  scanKorean: {
    ...base,
    kind: 'scan',
    text: '작업지시 WO-7',
    raw: Buffer.from('작업지시 WO-7').toString('base64'),
    encoding: 'utf-8',
    symbology: null,
    gs1: null,
    meaning: 'work_order',
    rule: 'wo',
    fields: { order: 'WO-7' },
    flags: [],
  },
  measurement: { ...base, kind: 'measurement', channel: 'current_a', value: 3.25, unit: 'A', timeSource: 'device' },
  machine_state: { ...base, kind: 'machine_state', machine: 'press-1', state: 'unknown', reason: 'no_data' },
  count: { ...base, kind: 'count', channel: 'pieces', delta: 3, total: 1003, counterEvent: 'rollover' },
  gap: { ...base, kind: 'gap', dropped: 120, reason: 'spool_full', fromSeq: 10, toSeq: 129 },
  health: {
    ...base,
    kind: 'health',
    agentVersion: '0.1.0',
    uptimeS: 3600,
    spoolDepth: 0,
    spoolOldestAgeMs: null,
    deadLetters: 0,
    clockOffsetMs: -120,
    inputs: [{ id: 'scanner-1', connected: true, lastDataTs: T, errors: { frame_too_long: 1 } }],
  },
};

const invalidRaw: Array<[string, Record<string, unknown>, string]> = [
  ['unknown kind', { ...base, kind: 'temperature' }, 'kind'],
  ['unknown field', { ...(valid.measurement as object), color: 'red' }, 'color'],
  ['value as string', { ...(valid.measurement as object), value: '3.2' }, 'value'],
  ['huge value', { ...(valid.measurement as object), value: 1e300 }, 'value'],
  ['seq zero', { ...(valid.measurement as object), seq: 0 }, 'seq'],
  ['fractional seq', { ...(valid.measurement as object), seq: 1.5 }, 'seq'],
  ['ts in seconds', { ...(valid.measurement as object), ts: 1_764_000_000 }, 'ts'],
  ['ts far future', { ...(valid.measurement as object), ts: 5_000_000_000_000 }, 'ts'],
  ['bad time source', { ...(valid.measurement as object), timeSource: 'gps' }, 'timeSource'],
  ['source with space', { ...(valid.measurement as object), source: 'scanner 1' }, 'source'],
  ['empty unit', { ...(valid.measurement as object), unit: '' }, 'unit'],
  ['state not in list', { ...(valid.machine_state as object), state: 'sleeping' }, 'state'],
  ['negative count delta', { ...(valid.count as object), delta: -1 }, 'delta'],
  ['gap of nothing', { ...(valid.gap as object), dropped: 0 }, 'dropped'],
  ['gap reason unknown', { ...(valid.gap as object), reason: 'oops' }, 'reason'],
  ['raw not base64', { ...(valid.scan as object), raw: '***' }, 'raw'],
  ['meaning unknown', { ...(valid.scan as object), meaning: 'coffee' }, 'meaning'],
  ['bad AIM id', { ...(valid.scan as object), symbology: { aim: 'C1', name: 'x' } }, 'symbology.aim'],
  ['GS1 AI letters', { ...(valid.scan as object), gs1: [{ ai: 'AB', value: '1' }] }, 'gs1[0].ai'],
  [
    'health input error count negative',
    {
      ...(valid.health as object),
      inputs: [{ id: 'a', connected: true, lastDataTs: null, errors: { x: -1 } }],
    },
    'inputs[0].errors.x',
  ],
  [
    'missing seq',
    { ts: T, timeSource: 'agent', source: 's', kind: 'measurement', channel: 'c', value: 1, unit: 'A' },
    'seq',
  ],
];

const invalid = invalidRaw.map(([name, reading, path]) => [name, path, reading] as const);

describe('wire contract v1: readings', () => {
  it('has a valid example for every reading kind', () => {
    const kinds = new Set(Object.values(valid).map((r) => (r as { kind: string }).kind));
    expect([...kinds].sort()).toEqual([...READING_KINDS].sort());
  });

  it.each(Object.entries(valid))('accepts a valid %s reading', (_name, reading) => {
    const r = ReadingSchema.safeParse(reading);
    expect(r.error ? describeValidationError(r.error) : '').toBe('');
  });

  it.each(invalid)('rejects %s, naming the path %s', (_name, path, reading) => {
    const r = ReadingSchema.safeParse(reading);
    expect(r.success).toBe(false);
    const message = describeValidationError(r.error!);
    expect(message.split('\n').some((line) => line.startsWith(`${path}:`))).toBe(true);
  });
});

describe('wire contract v1: batches and answers', () => {
  const readings = [
    { ...(valid.measurement as object), seq: 5 },
    { ...(valid.count as object), seq: 6 },
  ];
  const batch = { v: 1, agentId: 'agent-7', batchId: 'b-1', firstSeq: 5, lastSeq: 6, sentAt: T, readings };

  it('accepts a valid batch', () => {
    expect(BatchSchema.safeParse(batch).success).toBe(true);
  });

  it.each([
    ['wrong version', { ...batch, v: 2 }, 'v'],
    ['empty readings', { ...batch, readings: [] }, 'readings'],
    ['range reversed', { ...batch, firstSeq: 7, lastSeq: 6 }, 'lastSeq'],
    ['seq outside range', { ...batch, lastSeq: 5 }, 'readings[1].seq'],
    ['duplicate seq', { ...batch, readings: [readings[0], readings[0]] }, 'readings[1].seq'],
    ['bad reading inside', { ...batch, readings: [readings[0], { ...readings[1], delta: 'x' }] }, 'readings[1].delta'],
    ['extra top-level field', { ...batch, hello: 1 }, 'hello'],
  ])('rejects a batch with %s', (_n, b, path) => {
    const r = BatchSchema.safeParse(b);
    expect(r.success).toBe(false);
    const message = describeValidationError(r.error!);
    expect(message).toContain(`${path}:`);
  });

  it('accepts an ack and a typed error that says whether a retry helps', () => {
    const ack = { v: 1, batchId: 'b-1', stored: [[5, 6]], duplicates: [], rejected: [], serverTime: T };
    expect(IngestAckSchema.safeParse(ack).success).toBe(true);
    const err = apiError('store_unavailable', 'InfluxDB unreachable', { retryAfterS: 5 });
    expect(ApiErrorSchema.parse(err).error.retryable).toBe(true);
    expect(apiError('invalid_batch', 'bad').error.retryable).toBe(false);
  });
});
