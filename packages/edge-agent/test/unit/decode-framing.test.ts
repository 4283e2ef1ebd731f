import { describe, expect, it } from 'vitest';
import { type Frame, Framer, frameBody, lineEndsFor, type TerminatorSetting } from '../../src/decode/framing.js';

const b = (s: string) => Buffer.from(s, 'latin1');
const texts = (fs: Frame[]) => fs.map((f) => f.bytes.toString('latin1'));
const bodies = (fs: Frame[]) => fs.map((f) => frameBody(f).toString('latin1'));

function framer(
  terminator: TerminatorSetting = 'CR',
  opts: { terminatorInside?: boolean; maxFrameBytes?: number } = {},
) {
  return new Framer({
    lineEnds: lineEndsFor(terminator),
    terminatorInside: opts.terminatorInside ?? false,
    maxFrameBytes: opts.maxFrameBytes ?? 4096,
  });
}

/** Feeds the chunks, then lets the line fall silent; returns the bodies of every frame. */
function run(f: Framer, chunks: string[]): string[] {
  const out: Frame[] = [];
  for (const c of chunks) out.push(...f.push(b(c)));
  out.push(...f.idle());
  return bodies(out);
}

/** Every way of cutting a string into chunks that matters here: whole, byte by byte, and each single cut. */
function splits(s: string): Array<[string, string[]]> {
  const out: Array<[string, string[]]> = [
    ['whole', [s]],
    ['byte by byte', [...s]],
  ];
  for (let i = 1; i < s.length; i++) out.push([`cut at ${i}`, [s.slice(0, i), s.slice(i)]]);
  return out;
}

const SENDS = { CR: '\r', LF: '\n', CRLF: '\r\n' } as const;
type Sends = keyof typeof SENDS;

/**
 * What each setting yields for two scans `A-1`, `B-2` sent in one burst with each line end.
 * A setting whose line end never comes (CR setting, LF sent) gives one frame at silence:
 * nothing is lost, the technician sees the merged text and picks `newline`.
 */
const TABLE: Array<[TerminatorSetting, Sends, string[]]> = [
  ['CR', 'CR', ['A-1', 'B-2']],
  ['CR', 'CRLF', ['A-1', 'B-2']],
  ['CR', 'LF', ['A-1\nB-2\n']],
  ['LF', 'LF', ['A-1', 'B-2']],
  ['LF', 'CRLF', ['A-1\r', 'B-2\r']],
  ['LF', 'CR', ['A-1\rB-2\r']],
  ['CRLF', 'CRLF', ['A-1', 'B-2']],
  ['CRLF', 'CR', ['A-1\rB-2']],
  ['CRLF', 'LF', ['A-1\nB-2\n']],
  ['newline', 'CR', ['A-1', 'B-2']],
  ['newline', 'LF', ['A-1', 'B-2']],
  ['newline', 'CRLF', ['A-1', 'B-2']],
];

describe('Framer: every setting × what the scanner sends × how the bytes are split', () => {
  for (const [setting, sends, want] of TABLE) {
    const burst = `A-1${SENDS[sends]}B-2${SENDS[sends]}`;
    it.each(splits(burst))(`${setting} setting, scanner sends ${sends}, %s`, (_n, chunks) => {
      expect(run(framer(setting), chunks)).toEqual(want);
    });
  }

  it.each([
    ['CR', 'CR'],
    ['CR', 'CRLF'],
    ['CRLF', 'CR'],
    ['CRLF', 'CRLF'],
    ['newline', 'CR'],
    ['newline', 'LF'],
    ['newline', 'CRLF'],
  ] as const)('%s setting, scanner sends %s, one scan then silence: exactly the text', (setting, sends) => {
    for (const [, chunks] of splits(`WO-77${SENDS[sends]}`)) expect(run(framer(setting), chunks)).toEqual(['WO-77']);
  });

  it('a CR setting fed CRLF emits the scan at the CR and drops the LF arriving in the next chunk', () => {
    const f = framer('CR');
    expect(bodies(f.push(b('A-1\r')))).toEqual(['A-1']); // no waiting for a LF that may never come
    expect(f.push(b('\n'))).toEqual([]);
    expect(f.idle()).toEqual([]); // no extra empty scan
    expect(bodies(f.push(b('\nB-2\r')))).toEqual(['\nB-2']); // an LF that does not follow a line end is data
  });

  it('keeps the line end in the raw bytes and strips exactly it from the body', () => {
    const frames = framer('CR').push(b('A-1\r\nB-2\r'));
    expect(texts(frames)).toEqual(['A-1\r\n', 'B-2\r']);
    expect(frames.map((f) => f.terminatorLength)).toEqual([2, 1]);
  });

  it('keeps a CR inside a CRLF-terminated frame', () => {
    expect(run(framer('CRLF'), ['L1\rL2\r\n'])).toEqual(['L1\rL2']);
  });

  it('splits on a custom ETX byte', () => {
    expect(run(framer({ hex: '03' }), ['A\x03B\x03'])).toEqual(['A', 'B']);
  });

  it('emits a frame without line end on silence, and none at all with the none setting', () => {
    const f = framer('CR');
    expect(f.push(b('NOTERM'))).toEqual([]);
    const out = f.idle();
    expect(texts(out)).toEqual(['NOTERM']);
    expect(out[0]!.terminatorLength).toBe(0);
    expect(run(framer('none'), ['A\rB\n'])).toEqual(['A\rB\n']);
  });

  it('ignores empty lines', () => {
    expect(run(framer('LF'), ['\n\nA\n'])).toEqual(['A']);
    expect(run(framer('newline'), ['\r\n\r\n\rA\r\n\n'])).toEqual(['A']);
  });
});

describe('Framer with terminatorInside (2D codes with CR/LF inside)', () => {
  const inside = (t: TerminatorSetting) => framer(t, { terminatorInside: true });

  it('keeps a CR followed by data inside; an AIM identifier starts the next scan', () => {
    const f = inside('CR');
    expect(f.push(b(']Q1LINE1\rLINE2\r'))).toEqual([]);
    expect(texts(f.push(b(']E08801234567893\r')))).toEqual([']Q1LINE1\rLINE2\r']);
    expect(texts(f.idle())).toEqual([']E08801234567893\r']);
  });

  it.each(['CR', 'CRLF', 'newline'] as const)(
    '%s setting: two CRLF scans in one burst are two readings, however the bytes are split',
    (setting) => {
      for (const [, chunks] of splits(']C0A-1\r\n]C0B-2\r\n')) {
        expect(run(inside(setting), chunks)).toEqual([']C0A-1', ']C0B-2']);
      }
    },
  );

  it('a CR setting fed CRLF ends the last scan at silence without a trailing CR or LF', () => {
    expect(run(inside('CR'), [']Q1X\r\nY\r\n'])).toEqual([']Q1X\r\nY']);
  });
});

describe('Framer: overlong lines', () => {
  it('cuts an overlong frame, flags it and discards the rest up to the next line end', () => {
    const f = framer('CR', { maxFrameBytes: 16 });
    const out = f.push(b('X'.repeat(100)));
    expect(out).toHaveLength(1);
    expect(out[0]!.truncated).toBe(true);
    expect(out[0]!.bytes.length).toBe(16);
    expect(texts(f.push(b('YYY\rGOOD\r')))).toEqual(['GOOD\r']);
    expect(f.droppedBytes).toBe(84 + 4);
  });

  it.each([
    ['CR', false, '\r'],
    ['CR', true, '\r'],
    ['CRLF', false, '\r\n'],
    ['CRLF', true, '\r\n'],
    ['newline', true, '\n'],
  ] as const)(
    '%s setting (inside %s): a good scan after an overlong line in the same burst survives',
    (setting, terminatorInside, end) => {
      for (const [name, chunks] of [
        ['one chunk', [`${'X'.repeat(40)}${end}GOOD${end}`]],
        ['cut in the long line', ['X'.repeat(20), `${'X'.repeat(20)}${end}GOOD${end}`]],
        ['byte by byte', [...`${'X'.repeat(40)}${end}GOOD${end}`]],
      ] as const) {
        const f = framer(setting, { terminatorInside, maxFrameBytes: 16 });
        const out: Frame[] = [];
        for (const c of chunks) out.push(...f.push(b(c)));
        out.push(...f.idle());
        expect(
          out.map((x) => [frameBody(x).toString(), x.truncated]),
          name,
        ).toEqual([
          ['X'.repeat(16), true],
          ['GOOD', false],
        ]);
      }
    },
  );

  it('drops the half line end kept while discarding when the line falls silent', () => {
    const f = framer({ hex: '0304' }, { maxFrameBytes: 16 });
    expect(f.push(b(`${'X'.repeat(40)}\x03`)).map((x) => x.truncated)).toEqual([true]);
    expect(f.idle()).toEqual([]);
    expect(f.droppedBytes).toBe(25);
    expect(run(f, ['OK\x03\x04'])).toEqual(['OK']);
  });

  it('ends the discard of an overlong frame on silence', () => {
    const f = framer('CR', { maxFrameBytes: 16, terminatorInside: true });
    f.push(b('Z'.repeat(64)));
    f.idle();
    f.push(b(']C0OK\r'));
    expect(texts(f.idle())).toEqual([']C0OK\r']);
  });
});

describe('Framer on line-end-heavy noise', () => {
  /** Deterministic chunks of line-end-heavy text, split at random points. */
  function* chunks(seed: number, count: number): Generator<Buffer> {
    let x = seed;
    const next = () => {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      return x >> 8;
    };
    const alphabet = [0x0d, 0x0a, 0x5d, 0x41, 0x42, 0x31, 0x03];
    for (let i = 0; i < count; i++) {
      yield Buffer.from(Array.from({ length: next() % 40 }, () => alphabet[next() % alphabet.length]!));
    }
  }

  it.each([
    ['CR', false],
    ['CR', true],
    ['LF', false],
    ['CRLF', false],
    ['CRLF', true],
    ['newline', false],
    ['newline', true],
    ['none', false],
  ] as const)(
    '%s setting (inside %s): no empty or oversize frame, no byte invented, none lost without line ends',
    (setting, inside) => {
      const f = framer(setting, { terminatorInside: inside, maxFrameBytes: 64 });
      let fed = 0;
      let framed = 0;
      let i = 0;
      for (const c of chunks(setting.length * 31 + (inside ? 7 : 0), 2000)) {
        fed += c.length;
        const out = [...f.push(c), ...(++i % 7 === 0 ? f.idle() : [])];
        for (const fr of out) {
          expect(fr.bytes.length).toBeLessThanOrEqual(64);
          expect(frameBody(fr).length).toBeGreaterThan(0);
          framed += fr.bytes.length;
        }
      }
      for (const fr of f.idle()) framed += fr.bytes.length;
      const unaccounted = fed - framed - f.droppedBytes;
      // The rest are empty lines and LFs swallowed after a CR line end: line-end bytes only.
      expect(unaccounted).toBeGreaterThanOrEqual(0);
      if (setting === 'none') expect(unaccounted).toBe(0);
    },
  );
});
