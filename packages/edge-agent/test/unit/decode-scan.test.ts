import { ReadingSchema } from '@gongbang/shared';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ScanRuleSchema } from '../../src/config/inputs.js';
import { decodeScan } from '../../src/decode/scan.js';
import { applyRules, compileRules } from '../../src/decode/scan-rules.js';
import { decodeText, isBinaryNoise } from '../../src/decode/text.js';

const opts = { aim: true };
const GS = '\x1d';

describe('text decoding', () => {
  it.each([
    ['ascii', Buffer.from('WO-1234'), 'WO-1234', 'ascii'],
    ['UTF-8 Hangul', Buffer.from('작업지시 WO-7', 'utf8'), '작업지시 WO-7', 'utf-8'],
    ['CP949 Hangul', iconv.encode('불량 실밥', 'cp949'), '불량 실밥', 'cp949'],
    ['bytes that are neither', Buffer.from([0xff, 0xfe, 0xff, 0x80]), null, 'undecodable'],
  ] as const)('%s', (_n, bytes, text, encoding) => {
    expect(decodeText(bytes)).toEqual({ text, encoding });
  });

  it('treats control bytes other than GS/RS/EOT/CR/LF/TAB as binary noise', () => {
    expect(isBinaryNoise(Buffer.from(`01${GS}10\x1e\x04\r\n\t`))).toBe(false);
    expect(isBinaryNoise(Buffer.from([0x41, 0x00, 0x42]))).toBe(true);
    expect(isBinaryNoise(Buffer.from([0x41, 0x7f]))).toBe(true);
  });
});

describe('decodeScan', () => {
  it.each([
    {
      name: 'GS1-128 with ]C1',
      input: Buffer.from(`]C1010880123456789310LOT7${GS}21SN1`),
      want: { symbology: { aim: ']C1', name: 'gs1-128' }, encoding: 'ascii', flags: [], ais: ['01', '10', '21'] },
    },
    {
      name: 'GS1 DataMatrix with GS separators',
      input: Buffer.from(`]d201088012345678931726123110ABC${GS}21X9`),
      want: {
        symbology: { aim: ']d2', name: 'gs1-datamatrix' },
        encoding: 'ascii',
        flags: [],
        ais: ['01', '17', '10', '21'],
      },
    },
    {
      name: 'EAN-13 with a Korean 880 prefix',
      input: Buffer.from(']E08801234567893'),
      want: { symbology: { aim: ']E0', name: 'ean-13' }, encoding: 'ascii', flags: [], ais: ['01'] },
    },
    {
      name: 'EAN-13 with a bad check digit',
      input: Buffer.from(']E08801234567890'),
      want: { symbology: { aim: ']E0', name: 'ean-13' }, encoding: 'ascii', flags: ['bad_check_digit'], ais: ['01'] },
    },
    {
      name: 'GS1-128 that is not a valid element string',
      input: Buffer.from(']C18899'),
      want: { symbology: { aim: ']C1', name: 'gs1-128' }, encoding: 'ascii', flags: ['gs1_invalid'], ais: null },
    },
    {
      name: 'QR in UTF-8',
      input: Buffer.from(']Q1작업지시:WO-1234', 'utf8'),
      want: { symbology: { aim: ']Q1', name: 'qr' }, encoding: 'utf-8', flags: [], ais: null },
    },
    {
      name: 'QR in CP949',
      input: Buffer.concat([Buffer.from(']Q1'), iconv.encode('불량:실밥', 'cp949')]),
      want: { symbology: { aim: ']Q1', name: 'qr' }, encoding: 'cp949', flags: [], ais: null },
    },
    {
      name: 'parenthesised GS1 without AIM',
      input: Buffer.from('(01)08801234567893(10)A1'),
      want: { symbology: null, encoding: 'ascii', flags: [], ais: ['01', '10'] },
    },
    {
      name: 'binary noise',
      input: Buffer.from([0x00, 0x13, 0xff, 0x41]),
      want: { symbology: null, encoding: 'undecodable', flags: ['binary_noise', 'undecodable'], ais: null },
    },
  ])('$name', ({ input, want }) => {
    const s = decodeScan(input, opts);
    expect(s.symbology).toEqual(want.symbology);
    expect(s.encoding).toBe(want.encoding);
    expect(s.flags).toEqual(want.flags);
    expect(s.gs1?.map((e) => e.ai) ?? null).toEqual(want.ais);
  });

  it('removes prefix, AIM and suffix but keeps the text as the worker scanned it', () => {
    const s = decodeScan(Buffer.from('@@]C0WO-1234##'), { aim: true, stripPrefix: '@@', stripSuffix: '##' });
    expect(s.text).toBe('WO-1234');
    expect(s.symbology?.aim).toBe(']C0');
  });

  it('leaves a leading ] alone when AIM recognition is off', () => {
    expect(decodeScan(Buffer.from(']C0X'), { aim: false }).text).toBe(']C0X');
  });

  it('flags an unknown symbology and a truncated frame', () => {
    expect(decodeScan(Buffer.from(']K9DATA'), opts, true).flags).toEqual(['truncated', 'unknown_symbology']);
  });
});

describe('scan rules', () => {
  const rules = compileRules(
    [
      { id: 'badge', meaning: 'badge', prefix: 'EMP' },
      { id: 'wo-start', meaning: 'work_order', regex: '^WO-(?<order>\\d+)-S$' },
      { id: 'defect', meaning: 'defect', regex: '^불량:(?<code>.+)$' },
      { id: 'gtin', meaning: 'product', gs1: true },
      { id: 'qr-op', meaning: 'operation', symbology: [']Q1'], prefix: 'OP' },
    ].map((r) => ScanRuleSchema.parse(r)),
  );
  it.each([
    ['EMP0042', 'badge', 'badge', {}],
    ['WO-1234-S', 'work_order', 'wo-start', { order: '1234' }],
    ['불량:실밥', 'defect', 'defect', { code: '실밥' }],
    [']E08801234567893', 'product', 'gtin', {}],
    [']Q1OP-7', 'operation', 'qr-op', {}],
    [']C0OP-7', 'unknown', null, {}],
  ])('%s → %s', (text, meaning, rule, fields) => {
    expect(applyRules(decodeScan(Buffer.from(text), opts), rules)).toEqual({ meaning, rule, fields });
  });

  it('gives noise no meaning', () => {
    expect(applyRules(decodeScan(Buffer.from([0x45, 0x4d, 0x50, 0x00]), opts), rules).meaning).toBe('unknown');
  });

  it('rejects a regex that does not compile or a group name that is not a field id', () => {
    expect(ScanRuleSchema.safeParse({ id: 'x', meaning: 'badge', regex: '(' }).success).toBe(false);
    expect(ScanRuleSchema.safeParse({ id: 'x', meaning: 'badge', regex: '(?<$a>.)' }).success).toBe(false);
  });
});

describe('scan readings match the wire contract', () => {
  it.each([
    Buffer.from(`]d201088012345678931726123110ABC${GS}21X9\r`),
    Buffer.concat([Buffer.from(']Q1'), iconv.encode('불량:실밥', 'cp949'), Buffer.from('\r')]),
    Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
  ])('frame %# validates as a ReadingSchema scan', (frame) => {
    const s = decodeScan(frame.subarray(0, -1), opts, frame.length >= 4096);
    const reading = {
      seq: 1,
      ts: Date.now(),
      timeSource: 'agent',
      source: 'scanner-1',
      kind: 'scan',
      ...s,
      raw: frame.toString('base64'),
      meaning: 'unknown',
      rule: null,
      fields: {},
    };
    expect(ReadingSchema.safeParse(reading).error).toBeUndefined();
  });
});
