import type { LineEnds } from './line-ends.js';

export { type LineEnds, lineEndsFor, type TerminatorSetting } from './line-ends.js';

/** Options of a {@link Framer}. */
export interface FramerOptions {
  /** What ends a frame (see {@link lineEndsFor}); no endings: frames end only on silence. */
  lineEnds: LineEnds;
  /**
   * When true a line end ends a frame only if the next byte is `]` (an AIM identifier starts
   * the next scan) or the line goes silent ({@link Framer.idle}); 2D codes may carry CR/LF inside.
   */
  terminatorInside: boolean;
  /** Longest frame in bytes; longer input is cut, flagged and the rest discarded. */
  maxFrameBytes: number;
}

/** One complete frame. `bytes` includes the line end, as received. */
export interface Frame {
  bytes: Buffer;
  /** Length of the line end at the end of `bytes` (0 when the frame ended on silence). */
  terminatorLength: number;
  /** The frame was longer than the cap and was cut. */
  truncated: boolean;
}

interface Match {
  at: number;
  length: number;
  /** A longer line end may still complete here (a CR whose LF has not arrived yet). */
  open: boolean;
}

const LF = 0x0a;
const AIM_START = 0x5d; // `]`

/**
 * Pure byte → frame splitter (like serialport's parser-delimiter plus parser-inter-byte-timeout).
 * It owns no timer: the caller calls {@link idle} once the line has been silent long enough.
 */
export class Framer {
  private buf: Buffer = Buffer.alloc(0);
  /** Discarding the tail of an overlong frame until the next line end or silence. */
  private discarding = false;
  /** The last frame ended in a CR that may be the first half of a CRLF: drop an LF that follows. */
  private swallowLf = false;
  /** Bytes thrown away while discarding, since the framer was created. */
  droppedBytes = 0;

  constructor(private readonly opts: FramerOptions) {
    if (opts.maxFrameBytes < 1) throw new Error(`maxFrameBytes must be ≥ 1, got ${opts.maxFrameBytes}`);
  }

  /** Bytes waiting for a line end or silence. */
  get pending(): number {
    return this.buf.length;
  }

  /** Feeds bytes; returns the frames they complete. */
  push(chunk: Buffer): Frame[] {
    if (chunk.length === 0) return [];
    let data = chunk;
    if (this.swallowLf) {
      this.swallowLf = false;
      if (data[0] === LF) data = data.subarray(1);
    }
    this.buf = this.buf.length ? Buffer.concat([this.buf, data]) : Buffer.from(data);
    const out: Frame[] = [];
    for (;;) {
      if (this.discarding && !this.discard()) break;
      if (this.nextFrame(out)) continue;
      if (this.buf.length <= this.opts.maxFrameBytes) break;
      // Cut here; the next line end starts a fresh frame, so a good scan after an overlong
      // line in the same burst survives (issue #10).
      const cut = this.opts.maxFrameBytes;
      out.push({ bytes: Buffer.from(this.buf.subarray(0, cut)), terminatorLength: 0, truncated: true });
      this.buf = this.buf.subarray(cut);
      this.discarding = true;
    }
    return out;
  }

  /** The line has been silent: whatever is pending is a complete frame. */
  idle(): Frame[] {
    if (this.discarding) {
      // What is left is the tail of the overlong line (at most part of a line end): not a scan.
      this.droppedBytes += this.buf.length;
      this.buf = Buffer.alloc(0);
      this.discarding = false;
      return [];
    }
    if (this.buf.length === 0) return [];
    const out: Frame[] = [];
    this.emit(this.buf, this.endingLength(this.buf), out);
    this.buf = Buffer.alloc(0);
    return out;
  }

  /** Drops bytes up to and including the next line end; false when none is buffered yet. */
  private discard(): boolean {
    const m = this.find(0);
    if (m === null) {
      // Keep what may be the first half of a line end split across chunks (the CR of a CRLF).
      const keep = this.partialEndingLength();
      this.droppedBytes += this.buf.length - keep;
      this.buf = this.buf.subarray(this.buf.length - keep);
      return false;
    }
    const end = m.at + m.length;
    this.droppedBytes += end;
    this.swallowLf = m.open && end === this.buf.length;
    this.buf = this.buf.subarray(end);
    this.discarding = false;
    return true;
  }

  /** Emits the next complete frame from the buffer; false when none is complete yet. */
  private nextFrame(out: Frame[]): boolean {
    let from = 0;
    for (;;) {
      const m = this.find(from);
      if (m === null) return false;
      const end = m.at + m.length;
      if (this.opts.terminatorInside) {
        // Only a following AIM identifier proves the scan ended; otherwise wait for more or for silence.
        if (end >= this.buf.length) return false;
        if (this.buf[end] !== AIM_START) {
          from = end;
          continue;
        }
      } else if (m.open && end === this.buf.length) {
        this.swallowLf = true; // emit now, a CRLF's LF may follow in the next chunk
      }
      this.emit(this.buf.subarray(0, end), m.length, out);
      this.buf = this.buf.subarray(end);
      return true;
    }
  }

  /** The earliest line end at or after `from`; at one position the longest (CRLF before CR). */
  private find(from: number): Match | null {
    const { endings } = this.opts.lineEnds;
    let best: Match | null = null;
    for (const e of endings) {
      const at = this.buf.indexOf(e, from);
      if (at < 0) continue;
      if (best === null || at < best.at || (at === best.at && e.length > best.length)) {
        best = { at, length: e.length, open: false };
      }
    }
    if (best === null) return null;
    const tail = this.buf.subarray(best.at);
    best.open = endings.some((e) => e.length > tail.length && e.subarray(0, tail.length).equals(tail));
    return best;
  }

  /** Length of the longest tail of the buffer that is the start of a line end but not a whole one. */
  private partialEndingLength(): number {
    let n = 0;
    for (const e of this.opts.lineEnds.endings) {
      for (let k = Math.min(e.length - 1, this.buf.length); k > n; k--) {
        if (this.buf.subarray(-k).equals(e.subarray(0, k))) {
          n = k;
          break;
        }
      }
    }
    return n;
  }

  /** Length of the line end a silent frame finishes with (0: it ended on silence alone). */
  private endingLength(bytes: Buffer): number {
    const { endings, atSilence } = this.opts.lineEnds;
    let n = 0;
    for (const e of [...endings, ...atSilence]) {
      if (e.length > n && bytes.length >= e.length && bytes.subarray(-e.length).equals(e)) n = e.length;
    }
    return n;
  }

  private emit(bytes: Buffer, terminatorLength: number, out: Frame[]): void {
    if (bytes.length === terminatorLength) return; // an empty line: no scan
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

/** The data of a frame: without exactly the line end that ended it. Pure. */
export function frameBody(frame: Frame): Buffer {
  return frame.bytes.subarray(0, frame.bytes.length - frame.terminatorLength);
}
