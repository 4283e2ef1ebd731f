import type { Gs1Element, ScanEncoding, ScanFlag } from '@gongbang/shared';
import { isGs1Symbology, isGtinSymbology, readAim } from './aim.js';
import { GS, type Gs1Result, gtinElement, looksParenthesised, parseGs1Parenthesised, parseGs1Raw } from './gs1.js';
import { decodeText, isBinaryNoise } from './text.js';

/** Options for {@link decodeScan}. */
export interface ScanDecodeOptions {
  /** Recognise and remove an AIM identifier at the start. */
  aim: boolean;
  /** Bytes the scanner adds before / after the data, removed when present. */
  stripPrefix?: string;
  stripSuffix?: string;
}

/** What one frame says, before the scan rules give it a meaning. */
export interface DecodedScan {
  text: string | null;
  encoding: ScanEncoding;
  symbology: { aim: string; name: string } | null;
  gs1: Gs1Element[] | null;
  flags: ScanFlag[];
}

const startsWith = (b: Buffer, p: Buffer) => p.length > 0 && b.length >= p.length && b.subarray(0, p.length).equals(p);
const endsWith = (b: Buffer, p: Buffer) =>
  p.length > 0 && b.length >= p.length && b.subarray(b.length - p.length).equals(p);

/** Turns a frame body (terminator removed) into text, symbology, GS1 elements and flags. Pure. */
export function decodeScan(body: Buffer, opts: ScanDecodeOptions, truncated = false): DecodedScan {
  const flags = new Set<ScanFlag>();
  if (truncated) flags.add('truncated');
  let data = body;
  const prefix = opts.stripPrefix ? Buffer.from(opts.stripPrefix) : Buffer.alloc(0);
  const suffix = opts.stripSuffix ? Buffer.from(opts.stripSuffix) : Buffer.alloc(0);
  if (startsWith(data, prefix)) data = data.subarray(prefix.length);
  let symbology: DecodedScan['symbology'] = null;
  const aim = opts.aim ? readAim(data) : null;
  if (aim) {
    symbology = { aim: aim.aim, name: aim.name };
    if (!aim.known) flags.add('unknown_symbology');
    data = data.subarray(3);
  }
  if (endsWith(data, suffix)) data = data.subarray(0, data.length - suffix.length);
  if (isBinaryNoise(data)) flags.add('binary_noise');
  const { text, encoding } = decodeText(data);
  if (text === null) flags.add('undecodable');
  let gs1: Gs1Result | null = null;
  if (text !== null && !flags.has('binary_noise')) gs1 = parseGs1For(text, aim?.aim);
  if (gs1?.invalid && isGs1Symbology(aim?.aim)) flags.add('gs1_invalid');
  if (gs1?.badCheckDigit) flags.add('bad_check_digit');
  const elements = gs1 && (!gs1.invalid || isGs1Symbology(aim?.aim)) && gs1.elements.length > 0 ? gs1.elements : null;
  return { text: text === null ? null : text.slice(0, 8192), encoding, symbology, gs1: elements, flags: [...flags] };
}

/** Which GS1 reading applies: by symbology, or by the look of the text when no AIM id came. */
function parseGs1For(text: string, aim: string | undefined): Gs1Result | null {
  if (isGtinSymbology(aim)) return gtinElement(text);
  if (isGs1Symbology(aim)) return looksParenthesised(text) ? parseGs1Parenthesised(text) : parseGs1Raw(text);
  if (looksParenthesised(text)) {
    const r = parseGs1Parenthesised(text);
    return r.invalid ? null : r;
  }
  if (aim === undefined && text.includes(GS) && /^\d{2}/.test(text.replace(/^\x1d/, ''))) {
    const r = parseGs1Raw(text);
    return r.invalid ? null : r;
  }
  return null;
}
