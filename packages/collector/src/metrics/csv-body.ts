import { type Bilingual, both } from '@gongbang/shared';
import { HttpError } from '../core/index.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
// The Encoding Standard's `euc-kr` is Windows code page 949 (CP949), which Korean Excel uses
// for "CSV (쉼표로 분리)" files; ICU in Node's official builds has it, no extra package needed.
const cp949 = new TextDecoder('euc-kr', { fatal: true });

const UNDECODABLE: Bilingual = {
  ko: 'CSV 파일은 UTF-8 또는 CP949(EUC-KR)로 저장해 주세요',
  en: 'the CSV file is neither UTF-8 nor CP949 (EUC-KR) text',
};

/**
 * The text of an uploaded CSV: strict UTF-8 first (a UTF-8 BOM is dropped), then CP949 as
 * Korean Excel saves it by default; bytes that are neither are refused rather than guessed.
 */
export function decodeCsvBody(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {}
  try {
    return cp949.decode(bytes);
  } catch {
    throw new HttpError('invalid', both(UNDECODABLE));
  }
}
