/** AIM symbology identifiers (ISO/IEC 15424) by their `]c` + modifier, with the names Gongbang reports. */
const KNOWN: Record<string, string> = {
  ']C0': 'code-128',
  ']C1': 'gs1-128',
  ']C2': 'code-128-aim',
  ']C4': 'code-128-isbt',
  ']E0': 'ean-13',
  ']E1': 'ean-13-addon2',
  ']E2': 'ean-13-addon5',
  ']E3': 'ean-13-addon',
  ']E4': 'ean-8',
  ']A0': 'code-39',
  ']A1': 'code-39-check',
  ']A2': 'code-39-check',
  ']A3': 'code-39-check',
  ']A4': 'code-39-full-ascii',
  ']A7': 'code-39-full-ascii',
  ']d0': 'data-matrix-ecc200',
  ']d1': 'data-matrix',
  ']d2': 'gs1-datamatrix',
  ']d4': 'data-matrix-eci',
  ']d5': 'gs1-datamatrix-eci',
  ']Q0': 'qr-model1',
  ']Q1': 'qr',
  ']Q2': 'qr-eci',
  ']Q3': 'gs1-qr',
  ']Q5': 'gs1-qr-eci',
  ']e0': 'gs1-databar',
  ']e1': 'gs1-databar-cc',
  ']I0': 'itf',
  ']I1': 'itf-check',
  ']F0': 'codabar',
  ']G0': 'code-93',
  ']L2': 'pdf417',
  ']z0': 'aztec',
  ']X0': 'other',
};

/** Symbologies whose data is a GS1 element string (FNC1 in first position implied). */
const GS1_AIM = new Set([']C1', ']d2', ']d5', ']Q3', ']Q5', ']e0', ']e1']);
/** Symbologies that carry a bare GTIN (EAN/UPC). */
const GTIN_AIM = new Set([']E0', ']E4']);

export interface AimId {
  aim: string;
  name: string;
  known: boolean;
}

/** Reads an AIM identifier at the start of `bytes`: `]`, a letter, a digit or letter. */
export function readAim(bytes: Uint8Array): AimId | null {
  if (bytes.length < 3 || bytes[0] !== 0x5d) return null;
  const c = bytes[1]!;
  const m = bytes[2]!;
  const isLetter = (b: number) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
  const isDigit = (b: number) => b >= 0x30 && b <= 0x39;
  if (!isLetter(c) || !(isDigit(m) || isLetter(m))) return null;
  const aim = String.fromCharCode(0x5d, c, m);
  const name = KNOWN[aim];
  return { aim, name: name ?? 'unknown', known: name !== undefined };
}

export const isGs1Symbology = (aim: string | undefined): boolean => aim !== undefined && GS1_AIM.has(aim);
export const isGtinSymbology = (aim: string | undefined): boolean => aim !== undefined && GTIN_AIM.has(aim);
