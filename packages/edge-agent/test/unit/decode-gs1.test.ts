import { describe, expect, it } from 'vitest';
import { readAim } from '../../src/decode/aim.js';
import { gtinElement, parseGs1Parenthesised, parseGs1Raw } from '../../src/decode/gs1.js';
import { gs1CheckDigitOk } from '../../src/decode/gs1-table.js';

const GS = '\x1d';

describe('AIM symbology identifiers', () => {
  it.each([
    [']C0', 'code-128'],
    [']C1', 'gs1-128'],
    [']E0', 'ean-13'],
    [']E4', 'ean-8'],
    [']A0', 'code-39'],
    [']d1', 'data-matrix'],
    [']d2', 'gs1-datamatrix'],
    [']Q1', 'qr'],
    [']Q3', 'gs1-qr'],
    [']e0', 'gs1-databar'],
    [']I0', 'itf'],
  ])('recognises %s as %s', (aim, name) => {
    expect(readAim(Buffer.from(`${aim}DATA`))).toEqual({ aim, name, known: true });
  });

  it('reports an unknown but well-formed identifier, and nothing for plain data', () => {
    expect(readAim(Buffer.from(']K9X'))).toEqual({ aim: ']K9', name: 'unknown', known: false });
    expect(readAim(Buffer.from('8801234567893'))).toBeNull();
    expect(readAim(Buffer.from(']1A'))).toBeNull();
    expect(readAim(Buffer.from(']C'))).toBeNull();
  });
});

describe('GS1 check digits', () => {
  it.each([
    ['8801234567893', true],
    ['8801234567890', false],
    ['08801234567893', true],
    ['008801234000000013', true],
    ['008801234000000014', false],
    ['88012346', true],
    ['88O1234', false],
  ])('%s → %s', (digits, ok) => expect(gs1CheckDigitOk(digits)).toBe(ok));
});

describe('GS1 element strings', () => {
  it.each([
    [
      'fixed then variable, last field without GS',
      '010880123456789310LOT-7',
      [
        { ai: '01', value: '08801234567893', valid: true },
        { ai: '10', value: 'LOT-7' },
      ],
    ],
    [
      'GS ends variable fields (GS1 DataMatrix)',
      `010880123456789317261231${GS}10ABC123${GS}21SN0001${GS}3712`,
      [
        { ai: '01', value: '08801234567893', valid: true },
        { ai: '17', value: '261231' },
        { ai: '10', value: 'ABC123' },
        { ai: '21', value: 'SN0001' },
        { ai: '37', value: '12' },
      ],
    ],
    [
      'SSCC, GTIN of contained items, dates, count, company fields',
      `00008801234000000013020880123456789311250101${GS}13250102${GS}1525020230120${GS}90INT-1${GS}99X`,
      [
        { ai: '00', value: '008801234000000013', valid: true },
        { ai: '02', value: '08801234567893', valid: true },
        { ai: '11', value: '250101' },
        { ai: '13', value: '250102' },
        { ai: '15', value: '250202' },
        { ai: '30', value: '120' },
        { ai: '90', value: 'INT-1' },
        { ai: '99', value: 'X' },
      ],
    ],
  ])('parses %s', (_name, input, elements) => {
    const r = parseGs1Raw(input);
    expect(r.elements).toEqual(elements);
    expect(r.invalid).toBe(false);
    expect(r.badCheckDigit).toBe(false);
  });

  it('tolerates a leading GS (FNC1 transmitted) and a GS after a fixed field', () => {
    const r = parseGs1Raw(`${GS}0108801234567893${GS}10L1`);
    expect(r.elements.map((e) => e.ai)).toEqual(['01', '10']);
    expect(r.invalid).toBe(false);
  });

  it('flags a bad GTIN check digit but keeps the element', () => {
    const r = parseGs1Raw('0108801234567890');
    expect(r.elements).toEqual([{ ai: '01', value: '08801234567890', valid: false }]);
    expect(r.badCheckDigit).toBe(true);
  });

  it.each([
    ['unknown AI', '8899X'],
    ['short fixed field', '01088012345'],
    ['bad date', '17261340'],
    ['variable field too long', `10${'A'.repeat(21)}`],
    ['non-digit count', '30ABC'],
  ])('marks %s invalid', (_n, input) => expect(parseGs1Raw(input).invalid).toBe(true));

  it('parses the parenthesised human-readable form', () => {
    const r = parseGs1Parenthesised('(01)08801234567893(17)261231(10)LOT 7(21)S1');
    expect(r.invalid).toBe(false);
    expect(r.elements).toEqual([
      { ai: '01', value: '08801234567893', valid: true },
      { ai: '17', value: '261231' },
      { ai: '10', value: 'LOT 7' },
      { ai: '21', value: 'S1' },
    ]);
    expect(parseGs1Parenthesised('(01)123').invalid).toBe(true);
    expect(parseGs1Parenthesised('(77)X').invalid).toBe(true);
  });

  it('turns an EAN-13 with the Korean 880 prefix into AI 01 with its check digit verified', () => {
    expect(gtinElement('8801234567893')).toEqual({
      elements: [{ ai: '01', value: '08801234567893', valid: true }],
      invalid: false,
      badCheckDigit: false,
    });
    expect(gtinElement('8801234567894').badCheckDigit).toBe(true);
    expect(gtinElement('88012346').elements[0]!.value).toBe('00000088012346');
    expect(gtinElement('ABC').invalid).toBe(true);
  });
});
