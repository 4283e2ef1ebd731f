import type { ScanEncoding } from '@gongbang/shared';
import iconv from 'iconv-lite';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Control bytes a scanner never sends in real data. Allowed: TAB, LF, CR, and EOT/FS/GS/RS
 * used by GS1 and ISO/IEC 15434 formats.
 */
export function isBinaryNoise(bytes: Uint8Array): boolean {
  for (const b of bytes) {
    if (b === 0x7f) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x04 && (b < 0x1c || b > 0x1e)) return true;
  }
  return false;
}

/** Decodes strict UTF-8 first, then CP949 (EUC-KR superset from Korean label tools), else null. */
export function decodeText(bytes: Uint8Array): { text: string | null; encoding: ScanEncoding } {
  let ascii = true;
  for (const b of bytes) {
    if (b >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return { text: Buffer.from(bytes).toString('latin1'), encoding: 'ascii' };
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {}
  const text = iconv.decode(Buffer.from(bytes), 'cp949');
  // iconv-lite substitutes U+FFFD for bytes that are not CP949; then it is neither encoding.
  if (text.includes('\ufffd')) return { text: null, encoding: 'undecodable' };
  return { text, encoding: 'cp949' };
}
