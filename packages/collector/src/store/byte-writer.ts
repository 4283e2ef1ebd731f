// Text written byte by byte into one reused buffer, for the encoders of the ingest path (the
// InfluxDB line protocol, the SQLite rows' JSON bodies): built as strings, a batch's text was a
// rope of many small pieces that had to be flattened again before it could be sent (issue #11).

/** Thrown inside an encoder when a value needs the general path. */
export const GIVE_UP = Symbol('give up');

// One scratch buffer, reused: the encoders are synchronous and copy their bytes out at the end.
let scratch = Buffer.allocUnsafe(1 << 18);

/** Writes ASCII text, numbers and quoted strings byte by byte into the reused scratch buffer. */
export class ByteWriter {
  buf: Buffer;
  pos = 0;
  constructor(size: number) {
    if (scratch.length < size) scratch = Buffer.allocUnsafe(size);
    this.buf = scratch;
  }

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
    if (next.length <= 1 << 24) scratch = next;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** ASCII text written as it is (names, numbers); anything past ASCII gives up. */
  ascii(s: string): void {
    if (typeof s !== 'string') throw GIVE_UP;
    this.ensure(s.length);
    const { buf } = this;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7e) throw GIVE_UP;
      buf[p++] = c;
    }
    this.pos = p;
  }

  /** A tag value: anything escapeKey would change, or non-ASCII, gives up. */
  tag(s: string): void {
    if (typeof s !== 'string') throw GIVE_UP;
    this.ensure(s.length);
    const { buf } = this;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      // , = space backslash LF CR, and everything past ASCII
      if (c === 0x2c || c === 0x3d || c === 0x20 || c === 0x5c || c === 0x0a || c === 0x0d || c > 0x7e) throw GIVE_UP;
      buf[p++] = c;
    }
    this.pos = p;
  }

  /** A quoted string field (quoteString). `text`: escapeText first (backslash, LF, CR). */
  quoted(s: string, text: boolean): void {
    // The general path leaves some absent values out and refuses others: it decides.
    if (typeof s !== 'string') throw GIVE_UP;
    this.ensure(s.length * 4 + 2);
    const { buf } = this;
    let p = this.pos;
    buf[p++] = 0x22;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7e) throw GIVE_UP;
      if (c === 0x22) {
        buf[p++] = 0x5c;
        buf[p++] = 0x22;
      } else if (c === 0x5c) {
        buf[p++] = 0x5c;
        buf[p++] = 0x5c;
        if (text) {
          buf[p++] = 0x5c;
          buf[p++] = 0x5c;
        }
      } else if (text && (c === 0x0a || c === 0x0d)) {
        buf[p++] = 0x5c;
        buf[p++] = 0x5c;
        buf[p++] = c === 0x0a ? 0x6e : 0x72;
      } else buf[p++] = c;
    }
    buf[p++] = 0x22;
    this.pos = p;
  }

  /** A number as `${v}` writes it; non-finite values give up (the general path refuses them). */
  num(v: number): void {
    if (!Number.isSafeInteger(v)) {
      if (!Number.isFinite(v)) throw GIVE_UP;
      this.ascii(String(v));
      return;
    }
    this.ensure(17);
    if (v < 0) {
      this.buf[this.pos++] = 0x2d;
      v = -v;
    }
    if (v < 1e9) this.digits(v, 0);
    else {
      // Past 2^31 the digits come from two halves, each in small-integer arithmetic.
      const hi = Math.floor(v / 1e9);
      this.digits(hi, 0);
      this.digits(v - hi * 1e9, 9);
    }
  }

  /** The decimal digits of `v` (0 <= v < 1e9), left-padded with zeros to `width`. */
  digits(v: number, width: number): void {
    const { buf } = this;
    let n = 1;
    for (let x = v; x >= 10; x = (x / 10) | 0) n++;
    if (n < width) n = width;
    let p = this.pos + n - 1;
    for (let k = 0; k < n; k++) {
      const q = (v / 10) | 0;
      buf[p--] = 0x30 + v - q * 10;
      v = q;
    }
    this.pos += n;
  }

  /** Any text as UTF-8. */
  utf8(s: string): void {
    this.ensure(s.length * 3);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  /**
   * A string as JSON.stringify writes it. Printable ASCII is written here, with `"` and `\`
   * escaped as JSON.stringify escapes them; anything else (control characters, text past
   * ASCII, lone surrogates) is left to JSON.stringify itself.
   */
  jsonString(s: string): void {
    if (typeof s !== 'string') throw GIVE_UP;
    this.ensure(s.length * 2 + 2);
    const { buf } = this;
    const start = this.pos;
    let p = start;
    buf[p++] = 0x22;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c > 0x7e) {
        this.pos = start;
        this.utf8(JSON.stringify(s));
        return;
      }
      if (c === 0x22 || c === 0x5c) buf[p++] = 0x5c;
      buf[p++] = c;
    }
    buf[p++] = 0x22;
    this.pos = p;
  }
}
