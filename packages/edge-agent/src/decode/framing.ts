/** Options of a {@link Framer}. */
export interface FramerOptions {
  /** Bytes that end a frame; empty: frames end only on silence. */
  terminator: Buffer;
  /**
   * When true a terminator ends a frame only if the next byte is `]` (an AIM identifier starts
   * the next scan) or the line goes silent ({@link Framer.idle}); 2D codes may carry CR/LF inside.
   */
  terminatorInside: boolean;
  /** Longest frame in bytes; longer input is cut, flagged and the rest discarded. */
  maxFrameBytes: number;
}

/** One complete frame. `bytes` includes the terminator, as received. */
export interface Frame {
  bytes: Buffer;
  /** Length of the terminator at the end of `bytes` (0 when the frame ended on silence). */
  terminatorLength: number;
  /** The frame was longer than the cap and was cut. */
  truncated: boolean;
}

/**
 * Pure byte → frame splitter (like serialport's parser-delimiter plus parser-inter-byte-timeout).
 * It owns no timer: the caller calls {@link idle} once the line has been silent long enough.
 */
export class Framer {
  private buf: Buffer = Buffer.alloc(0);
  /** Discarding the tail of an overlong frame until the next terminator or silence. */
  private discarding = false;
  /** Bytes thrown away while discarding, since the framer was created. */
  droppedBytes = 0;

  constructor(private readonly opts: FramerOptions) {
    if (opts.maxFrameBytes < 1) throw new Error(`maxFrameBytes must be ≥ 1, got ${opts.maxFrameBytes}`);
  }

  /** Bytes waiting for a terminator or silence. */
  get pending(): number {
    return this.buf.length;
  }

  /** Feeds bytes; returns the frames they complete. */
  push(chunk: Buffer): Frame[] {
    const out: Frame[] = [];
    const term = this.opts.terminator;
    let data = chunk;
    if (this.discarding) {
      const at = term.length > 0 && !this.opts.terminatorInside ? data.indexOf(term) : -1;
      if (at < 0) {
        this.droppedBytes += data.length;
        return out;
      }
      this.droppedBytes += at + term.length;
      data = data.subarray(at + term.length);
      this.discarding = false;
    }
    this.buf = this.buf.length ? Buffer.concat([this.buf, data]) : Buffer.from(data);
    let from = 0;
    while (term.length > 0) {
      const at = this.buf.indexOf(term, from);
      if (at < 0) break;
      const end = at + term.length;
      if (this.opts.terminatorInside) {
        // Only a following AIM identifier proves the scan ended; otherwise wait for more or for silence.
        if (end >= this.buf.length) break;
        if (this.buf[end] !== 0x5d) {
          from = end;
          continue;
        }
      }
      this.emit(this.buf.subarray(0, end), term.length, out);
      this.buf = this.buf.subarray(end);
      from = 0;
    }
    if (this.buf.length > this.opts.maxFrameBytes) {
      out.push({
        bytes: Buffer.from(this.buf.subarray(0, this.opts.maxFrameBytes)),
        terminatorLength: 0,
        truncated: true,
      });
      this.droppedBytes += this.buf.length - this.opts.maxFrameBytes;
      this.buf = Buffer.alloc(0);
      this.discarding = true;
    }
    return out;
  }

  /** The line has been silent: whatever is pending is a complete frame. */
  idle(): Frame[] {
    this.discarding = false;
    if (this.buf.length === 0) return [];
    const out: Frame[] = [];
    const term = this.opts.terminator;
    const endsWithTerm =
      term.length > 0 && this.buf.length >= term.length && this.buf.subarray(-term.length).equals(term);
    this.emit(this.buf, endsWithTerm ? term.length : 0, out);
    this.buf = Buffer.alloc(0);
    return out;
  }

  private emit(bytes: Buffer, terminatorLength: number, out: Frame[]): void {
    if (bytes.length === terminatorLength) return; // an empty line, e.g. the LF of a stray CRLF
    if (bytes.length > this.opts.maxFrameBytes) {
      this.droppedBytes += bytes.length - this.opts.maxFrameBytes;
      out.push({
        bytes: Buffer.from(bytes.subarray(0, this.opts.maxFrameBytes)),
        terminatorLength: 0,
        truncated: true,
      });
      return;
    }
    out.push({ bytes: Buffer.from(bytes), terminatorLength, truncated: false });
  }
}

/** Terminator bytes for a config value. */
export function terminatorBytes(t: 'CR' | 'LF' | 'CRLF' | 'none' | { hex: string }): Buffer {
  if (typeof t === 'object') return Buffer.from(t.hex, 'hex');
  return Buffer.from({ CR: '\r', LF: '\n', CRLF: '\r\n', none: '' }[t], 'latin1');
}

/**
 * The data of a frame: without its terminator, and without leading CR/LF left over when a
 * scanner ends scans with CRLF but the agent splits on CR (or LF). Pure.
 */
export function frameBody(frame: Frame): Buffer {
  let start = 0;
  const end = frame.bytes.length - frame.terminatorLength;
  while (start < end && (frame.bytes[start] === 0x0d || frame.bytes[start] === 0x0a)) start++;
  return frame.bytes.subarray(start, end);
}
