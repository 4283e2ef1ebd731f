import type { Reading } from '@gongbang/shared';

// The lines of readingsToLines (codec.ts), written byte by byte into one buffer for the common
// case: the four high-volume kinds with ASCII text that needs no escaping other than quotes and
// backslashes inside quoted fields. Built with string templates, the text of a batch was a rope
// of some twenty pieces a line that the HTTP client flattened again to encode it: together
// 1.0 µs a reading against 0.4 here (issue #11, bench/ingest). Anything else gives undefined and
// the caller takes readingsToLines, which also writes the errors.

const enc = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const MEASUREMENT = enc('gb_measurement,agent=');
const COUNT = enc('gb_count,agent=');
const MACHINE_STATE = enc('gb_machine_state,agent=');
const SCAN = enc('gb_scan,agent=');

/** Thrown inside the encoder when a value needs the general path. */
const GIVE_UP = Symbol('give up');

// One scratch buffer, reused: the encoder is synchronous and its text is copied out at the end.
let scratch = Buffer.allocUnsafe(1 << 18);

class Writer {
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
}

/**
 * readingsToLines' text for `readings`, as a string built from one buffer; undefined when a
 * reading needs the general path (another kind, text beyond ASCII, a tag to escape).
 */
export function asciiLines(workshopId: string, agentId: string, readings: readonly Reading[]): string | undefined {
  const w = new Writer(readings.length * 200 + 64);
  try {
    for (let i = 0; i < readings.length; i++) {
      const r = readings[i]!;
      w.ensure(64);
      if (i > 0) w.buf[w.pos++] = 0x0a;
      // Empty tags are left out by the general path; odd seqs have their own sub-ms digits there.
      if (!Number.isSafeInteger(r.seq) || r.seq < 0 || r.source === undefined) return undefined;
      switch (r.kind) {
        case 'measurement':
        case 'count':
          if (!r.channel) return undefined;
          w.bytes(r.kind === 'count' ? COUNT : MEASUREMENT);
          w.tag(agentId);
          w.ascii(',channel=');
          w.tag(r.channel);
          break;
        case 'machine_state':
          if (!r.machine) return undefined;
          w.bytes(MACHINE_STATE);
          w.tag(agentId);
          if (r.channel !== undefined && r.channel !== '') {
            w.ascii(',channel=');
            w.tag(r.channel);
          }
          w.ascii(',machine=');
          w.tag(r.machine);
          break;
        case 'scan':
          if (!r.meaning) return undefined;
          w.bytes(SCAN);
          w.tag(agentId);
          w.ascii(',meaning=');
          w.tag(r.meaning);
          break;
        default:
          return undefined;
      }
      w.ascii(',source=');
      w.tag(r.source);
      w.ascii(',workshop=');
      w.tag(workshopId);
      w.ascii(' seq=');
      w.num(r.seq);
      // Quoted without escaping, as the general path writes it (an enum of two words).
      w.ascii(',time_source="');
      w.ascii(r.timeSource);
      w.ascii('"');
      switch (r.kind) {
        case 'measurement':
          w.ascii(',value=');
          w.num(r.value);
          w.ascii(',unit=');
          w.quoted(r.unit, true);
          break;
        case 'count':
          w.ascii(',delta=');
          w.num(r.delta);
          w.ascii(',total=');
          w.num(r.total);
          if (r.counterEvent !== undefined) {
            w.ascii(',counter_event=');
            w.quoted(r.counterEvent, false);
          }
          break;
        case 'machine_state':
          w.ascii(',state=');
          w.quoted(r.state, false);
          w.ascii(',reason=');
          w.quoted(r.reason, true);
          break;
        case 'scan':
          if (r.text !== null) {
            w.ascii(',text=');
            w.quoted(r.text, true);
          }
          w.ascii(',raw=');
          w.quoted(r.raw, false);
          w.ascii(',encoding=');
          w.quoted(r.encoding, false);
          if (r.symbology) {
            w.ascii(',symbology=');
            w.quoted(r.symbology.aim, false);
            w.ascii(',symbology_name=');
            w.quoted(r.symbology.name, true);
          }
          if (r.gs1 !== null) {
            w.ascii(',gs1=');
            w.quoted(JSON.stringify(r.gs1), false);
          }
          if (r.rule !== null) {
            w.ascii(',rule=');
            w.quoted(r.rule, false);
          }
          w.ascii(',fields=');
          w.quoted(JSON.stringify(r.fields), false);
          w.ascii(',flags=');
          w.quoted(r.flags.join(','), false);
          break;
      }
      w.ensure(40);
      w.buf[w.pos++] = 0x20;
      w.num(r.ts);
      w.digits(r.seq % 1_000_000, 6);
    }
  } catch (err) {
    if (err === GIVE_UP) return undefined;
    throw err;
  }
  return w.buf.toString('latin1', 0, w.pos);
}
