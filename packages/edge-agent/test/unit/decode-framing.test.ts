import { describe, expect, it } from 'vitest';
import { type Frame, Framer, frameBody, terminatorBytes } from '../../src/decode/framing.js';

const b = (s: string) => Buffer.from(s, 'latin1');
const texts = (fs: Frame[]) => fs.map((f) => f.bytes.toString('latin1'));

function framer(opts: Partial<ConstructorParameters<typeof Framer>[0]> = {}) {
  return new Framer({ terminator: b('\r'), terminatorInside: false, maxFrameBytes: 4096, ...opts });
}

describe('Framer', () => {
  it.each([
    ['CR', 'CR', ['A\r', 'B\r'], 'A\rB\r'],
    ['CRLF', 'CRLF', ['A\r\n', 'B\r\n'], 'A\r\nB\r\n'],
    ['LF', 'LF', ['A\n'], 'A\n'],
    ['custom ETX', { hex: '03' }, ['A\x03', 'B\x03'], 'A\x03B\x03'],
  ] as const)('splits on the %s terminator', (_n, term, want, input) => {
    const f = framer({ terminator: terminatorBytes(term) });
    expect(texts(f.push(b(input)))).toEqual(want);
  });

  it('keeps a CR inside a CRLF-terminated frame', () => {
    const f = framer({ terminator: terminatorBytes('CRLF') });
    expect(texts(f.push(b('L1\rL2\r\n')))).toEqual(['L1\rL2\r\n']);
  });

  it('reassembles a frame fed one byte at a time', () => {
    const f = framer();
    const out: Frame[] = [];
    for (const c of 'HELLO\r') out.push(...f.push(b(c)));
    expect(texts(out)).toEqual(['HELLO\r']);
    expect(out[0]!.terminatorLength).toBe(1);
  });

  it('emits a frame without terminator on silence', () => {
    const f = framer();
    expect(f.push(b('NOTERM'))).toEqual([]);
    const out = f.idle();
    expect(texts(out)).toEqual(['NOTERM']);
    expect(out[0]!.terminatorLength).toBe(0);
  });

  it('with terminatorInside, a CR followed by data stays inside and an AIM id starts the next scan', () => {
    const f = framer({ terminatorInside: true });
    expect(f.push(b(']Q1LINE1\rLINE2\r'))).toEqual([]);
    expect(texts(f.push(b(']E08801234567893\r')))).toEqual([']Q1LINE1\rLINE2\r']);
    expect(texts(f.idle())).toEqual([']E08801234567893\r']);
  });

  it('cuts an overlong frame, flags it and discards the rest up to the next terminator', () => {
    const f = framer({ maxFrameBytes: 16 });
    const out = f.push(b('X'.repeat(100)));
    expect(out).toHaveLength(1);
    expect(out[0]!.truncated).toBe(true);
    expect(out[0]!.bytes.length).toBe(16);
    expect(f.push(b('YYY\rGOOD\r')).map((x) => x.bytes.toString())).toEqual(['GOOD\r']);
    expect(f.droppedBytes).toBe(84 + 4);
  });

  it('ends the discard of an overlong frame on silence', () => {
    const f = framer({ maxFrameBytes: 16, terminatorInside: true });
    f.push(b('Z'.repeat(64)));
    expect(f.push(b('more\rjunk'))).toEqual([]);
    f.idle();
    f.push(b(']C0OK\r'));
    expect(texts(f.idle())).toEqual([']C0OK\r']);
  });

  it('ignores empty lines', () => {
    expect(texts(framer({ terminator: b('\n') }).push(b('\n\nA\n')))).toEqual(['A\n']);
  });

  it('frameBody drops the terminator and the LF left over from a CRLF scanner split on CR', () => {
    const frames = framer().push(b('A-1\r\nB-2\r\n'));
    expect(frames.map((f) => frameBody(f).toString())).toEqual(['A-1', 'B-2']);
    expect(frames[1]!.bytes.toString()).toBe('\nB-2\r');
  });
});
