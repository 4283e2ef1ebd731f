import { describe, expect, it } from 'vitest';
import { depthExceededAt, JsonBodyError, MAX_JSON_DEPTH, parseJsonBody } from '../../src/http/json-body.js';

const b = (s: string) => Buffer.from(s);
const nest = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

describe('depthExceededAt', () => {
  it('finds the byte where nesting first goes too deep', () => {
    expect(depthExceededAt(b(nest(3)), 3)).toBe(-1);
    expect(depthExceededAt(b(nest(4)), 3)).toBe(3);
    expect(depthExceededAt(b('{"a":{"b":[{"c":1}]}}'), 3)).toBe(11);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(depthExceededAt(b(JSON.stringify({ a: `[[[[{{{{\\"[[[[`, b: '"]]]]' })), 1)).toBe(-1);
    expect(depthExceededAt(b('["\\\\",[[1]]]'), 2)).toBe(7);
  });
});

describe('parseJsonBody', () => {
  it('parses a plain body and keeps Korean text and escapes', () => {
    expect(parseJsonBody(b('{"text":"한글 \\u001d GS","n":[1,2]}'))).toEqual({ text: '한글 \u001d GS', n: [1, 2] });
    expect(parseJsonBody(b(nest(MAX_JSON_DEPTH)))).toBeInstanceOf(Array);
  });

  it.each([
    ['"__proto__"'],
    ['"\\u005f_proto__"'],
    ['"_\\u005Fproto__"'],
    ['"__pr\\u006fto__"'],
    ['"\\u005f\\u005f\\u0070\\u0072\\u006f\\u0074\\u006f\\u005f\\u005f"'],
  ])('refuses the key %s however it is escaped, at any depth', (key) => {
    for (const text of [`{${key}:{"x":1}}`, `{"a":[{"b":{${key}:{}}}]}`]) {
      expect(() => parseJsonBody(b(text))).toThrow(/forbidden key "__proto__"/);
    }
  });

  it('names the key behind a byte-order mark too', () => {
    expect(() => parseJsonBody(b('\uFEFF{"\\u005f_proto__":{}}'))).toThrow(/forbidden key "__proto__"/);
  });

  it('refuses constructor.prototype however it is escaped', () => {
    expect(() => parseJsonBody(b('{"c\\u006fnstructor":{"prototype":{"x":1}}}'))).toThrow(
      /forbidden key "constructor"/,
    );
  });

  it.each([
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0x7d]), /UTF-8/],
    ['an empty body', b('  '), /empty body/],
    ['invalid JSON', b('{"a":'), /not valid JSON/],
    ['deep nesting', b(nest(MAX_JSON_DEPTH + 1)), /deeper than 64 levels \(at byte 64\)/],
    ['deep objects', b(`${'{"a":'.repeat(100)}1${'}'.repeat(100)}`), /deeper than 64 levels/],
  ])('refuses %s with a JsonBodyError that says why', (_n, body, message) => {
    expect(() => parseJsonBody(body)).toThrow(JsonBodyError);
    expect(() => parseJsonBody(body)).toThrow(message);
  });
});
