import type { Gs1Element } from '@gongbang/shared';
import { type AiSpec, gs1CheckDigitOk, isGs1Date, lookupAi, specOf } from './gs1-table.js';

/** Group separator (FNC1 as transmitted), ends a variable-length field. */
export const GS = '\x1d';

export interface Gs1Result {
  elements: Gs1Element[];
  /** The string is not a well-formed element string (unknown AI, bad length, bad date). */
  invalid: boolean;
  /** A GTIN/SSCC/GLN check digit failed. */
  badCheckDigit: boolean;
}

function element(ai: string, value: string, spec: AiSpec, res: Gs1Result): void {
  const el: Gs1Element = { ai, value: value.slice(0, 90) };
  if (spec.fixed !== undefined && value.length !== spec.fixed) res.invalid = true;
  if (value.length === 0 || value.length > spec.max) res.invalid = true;
  if (spec.numeric && !/^\d*$/.test(value)) res.invalid = true;
  if (spec.date && !isGs1Date(value)) res.invalid = true;
  if (spec.check) {
    el.valid = gs1CheckDigitOk(value);
    if (!el.valid) res.badCheckDigit = true;
  }
  if (res.elements.length < 32) res.elements.push(el);
  else res.invalid = true;
}

/** Parses an element string with GS separators (`0108801234567893` `10LOT` GS `21…`). */
export function parseGs1Raw(data: string): Gs1Result {
  const res: Gs1Result = { elements: [], invalid: false, badCheckDigit: false };
  let s = data.startsWith(GS) ? data.slice(1) : data;
  while (s.length > 0) {
    const found = lookupAi(s);
    if (!found) {
      res.invalid = true;
      break;
    }
    const { ai, spec } = found;
    s = s.slice(ai.length);
    let value: string;
    if (spec.fixed !== undefined) {
      value = s.slice(0, spec.fixed);
      s = s.slice(spec.fixed);
    } else {
      const end = s.indexOf(GS);
      value = end < 0 ? s : s.slice(0, end);
      s = end < 0 ? '' : s.slice(end);
    }
    if (s.startsWith(GS)) s = s.slice(1); // a separator after a fixed field is tolerated
    element(ai, value, spec, res);
  }
  if (res.elements.length === 0) res.invalid = true;
  return res;
}

/** Parses the human-readable form `(01)08801234567893(10)LOT`. */
export function parseGs1Parenthesised(text: string): Gs1Result {
  const res: Gs1Result = { elements: [], invalid: false, badCheckDigit: false };
  const re = /\((\d{2,4})\)([^(]*)/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  for (;;) {
    m = re.exec(text);
    if (!m) break;
    consumed = re.lastIndex;
    const spec = specOf(m[1]!);
    if (!spec) {
      res.invalid = true;
      continue;
    }
    element(m[1]!, m[2]!, spec, res);
  }
  if (consumed !== text.length || res.elements.length === 0) res.invalid = true;
  return res;
}

/** True when the text looks like the parenthesised human-readable form. */
export const looksParenthesised = (text: string): boolean => /^\(\d{2,4}\)/.test(text);

/** A bare GTIN (EAN-13, EAN-8, UPC-A) as AI 01, padded to 14 digits, with its check digit verified. */
export function gtinElement(digits: string): Gs1Result {
  const ok = /^\d{8}$|^\d{12,14}$/.test(digits);
  if (!ok) return { elements: [], invalid: true, badCheckDigit: false };
  const valid = gs1CheckDigitOk(digits);
  return { elements: [{ ai: '01', value: digits.padStart(14, '0'), valid }], invalid: false, badCheckDigit: !valid };
}
