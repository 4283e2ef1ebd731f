import { describe, expect, it } from 'vitest';
import {
  decodeCursor,
  decodeCursorFor,
  encodeCursor,
  InvalidCursorError,
  MAX_CURSOR_OFFSET,
} from '../../src/store/cursor.js';
import { ident, int, literal } from '../../src/store/influx/influxql.js';

const raw = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('cursor', () => {
  it('decodes what it encodes, with and without an offset', () => {
    for (const c of [
      { ts: 0, agent: '', seq: 0 },
      { ts: 1_764_000_000_000, agent: 'agent-1', seq: 2 ** 40, offset: MAX_CURSOR_OFFSET },
    ]) {
      expect(decodeCursor(encodeCursor(c))).toEqual(c);
    }
  });

  it('writes one canonical form whatever the key order it is given', () => {
    expect(encodeCursor({ seq: 1, offset: 2, agent: 'a', ts: 3 } as never)).toBe(
      raw({ ts: 3, agent: 'a', seq: 1, offset: 2 }),
    );
  });

  it.each([
    ['an offset string', { ts: 0, agent: '', seq: 0, offset: '1; DELETE FROM x' }, /offset/],
    ['an offset past the bound', { ts: 0, agent: '', seq: 0, offset: MAX_CURSOR_OFFSET + 1 }, /offset/],
    ['a ts past 2262', { ts: 9_223_372_036_855, agent: '', seq: 0 }, /ts/],
    ['an unsafe seq', { ts: 0, agent: '', seq: 2 ** 53 }, /seq/],
    ['an unknown key', { ts: 0, agent: '', seq: 0, q: 1 }, /q/],
    ['an array', [0, '', 0], /root|expected object/],
  ])('refuses %s naming the field', (_n, value, field) => {
    const err = (() => {
      try {
        decodeCursor(raw(value));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InvalidCursorError);
    expect((err as InvalidCursorError).detail).toMatch(field);
  });

  it('refuses anything but its own canonical base64url text', () => {
    const good = encodeCursor({ ts: 5, agent: 'a', seq: 1 });
    for (const s of [
      `${good}=`,
      `${good} `,
      good.replace(/.$/, '+'),
      raw({ agent: 'a', ts: 5, seq: 1 }),
      'x'.repeat(600),
    ]) {
      expect(() => decodeCursor(s), s).toThrow(InvalidCursorError);
    }
  });

  it('refuses a cursor outside the time range of the query', () => {
    const c = encodeCursor({ ts: 100, agent: 'a', seq: 1 });
    expect(decodeCursorFor({ cursor: c, fromMs: 100, toMs: 101 })).toMatchObject({ ts: 100 });
    expect(() => decodeCursorFor({ cursor: c, fromMs: 101, toMs: 200 })).toThrow(/time range/);
    expect(() => decodeCursorFor({ cursor: c, fromMs: 0, toMs: 100 })).toThrow(/time range/);
  });
});

describe('InfluxQL text', () => {
  it('escapes quotes, backslashes and newlines in literals and identifiers', () => {
    expect(literal("a'b\\c\nd")).toBe("'a\\'b\\\\c\\nd'");
    expect(ident('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
  });

  it('writes only safe integers in range', () => {
    expect(int('limit', 10, 1, 10)).toBe('10');
    for (const v of [11, 0, 1.5, Number.NaN, '5', '1; DELETE', 2 ** 60, null]) {
      expect(() => int('limit', v, 1, 10), String(v)).toThrow(/limit/);
    }
  });
});
