/**
 * A scanner's line-end setting: `CR`, `LF`, `CRLF`, `newline` (any of CR, LF or CRLF),
 * `none` (silence only) or custom bytes as hex (`03` for ETX).
 */
export type TerminatorSetting = 'CR' | 'LF' | 'CRLF' | 'newline' | 'none' | { hex: string };

/** The byte sequences that end a frame for one setting. Pure data, built by {@link lineEndsFor}. */
export interface LineEnds {
  /** Any of these ends a frame; at one position the longest wins, so CRLF is one line end. */
  endings: readonly Buffer[];
  /** Also stripped from the end of a frame that ended on silence (never split on). */
  atSilence: readonly Buffer[];
}

const CR = Buffer.from('\r', 'latin1');
const LF = Buffer.from('\n', 'latin1');
const CRLF = Buffer.from('\r\n', 'latin1');

/**
 * What ends a frame for a setting, so that each setting strips exactly the line end it got:
 * - `CR`: CR, and CRLF as one line end — a scanner that sends CRLF to a CR setting gives
 *   neither an empty scan nor a text starting or ending in LF.
 * - `LF`: LF. A lone CR before it is data (2D codes can carry it).
 * - `CRLF`: CRLF; a CR inside stays data, a trailing CR before silence is the line end of a
 *   scanner that sends CR only.
 * - `newline`: CR, LF or CRLF, whichever the scanner sends.
 * - `none`: nothing; frames end on silence.
 * Pure.
 */
export function lineEndsFor(t: TerminatorSetting): LineEnds {
  if (typeof t === 'object') return { endings: [Buffer.from(t.hex, 'hex')], atSilence: [] };
  switch (t) {
    case 'CR':
      return { endings: [CRLF, CR], atSilence: [] };
    case 'LF':
      return { endings: [LF], atSilence: [] };
    case 'CRLF':
      return { endings: [CRLF], atSilence: [CR] };
    case 'newline':
      return { endings: [CRLF, CR, LF], atSilence: [] };
    case 'none':
      return { endings: [], atSilence: [] };
  }
}
