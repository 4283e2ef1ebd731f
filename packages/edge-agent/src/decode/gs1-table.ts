/** How one GS1 Application Identifier's value is shaped (GS1 General Specifications §3.2). */
export interface AiSpec {
  /** Fixed value length in characters, or undefined for variable length. */
  fixed?: number;
  /** Maximum length of a variable-length value. */
  max: number;
  /** The last digit is a GS1 mod-10 check digit (GTIN, SSCC, GLN). */
  check?: boolean;
  /** The value is a date YYMMDD (DD may be 00 = end of month). */
  date?: boolean;
  numeric?: boolean;
}

const fixed = (n: number, extra: Partial<AiSpec> = {}): AiSpec => ({ fixed: n, max: n, numeric: true, ...extra });
const variable = (max: number, extra: Partial<AiSpec> = {}): AiSpec => ({ max, ...extra });

const TABLE: Record<string, AiSpec> = {
  '00': fixed(18, { check: true }),
  '01': fixed(14, { check: true }),
  '02': fixed(14, { check: true }),
  '10': variable(20),
  '11': fixed(6, { date: true }),
  '12': fixed(6, { date: true }),
  '13': fixed(6, { date: true }),
  '15': fixed(6, { date: true }),
  '16': fixed(6, { date: true }),
  '17': fixed(6, { date: true }),
  '20': fixed(2),
  '21': variable(20),
  '22': variable(20),
  '235': variable(28),
  '240': variable(30),
  '241': variable(30),
  '242': variable(6, { numeric: true }),
  '243': variable(20),
  '250': variable(30),
  '251': variable(30),
  '253': variable(30),
  '254': variable(20),
  '255': variable(25),
  '30': variable(8, { numeric: true }),
  '37': variable(8, { numeric: true }),
  '400': variable(30),
  '401': variable(30),
  '402': fixed(17, { check: true }),
  '403': variable(30),
  '420': variable(20),
  '421': variable(12),
  '422': fixed(3),
  '7003': fixed(10),
  '8003': variable(30),
  '8004': variable(30),
  '8005': fixed(6),
  '8008': variable(12, { numeric: true }),
  '8020': variable(25),
  '90': variable(30),
};
for (let ai = 410; ai <= 417; ai++) TABLE[String(ai)] = fixed(13, { check: true });
for (let ai = 91; ai <= 99; ai++) TABLE[String(ai)] = variable(90);
// 31nn–36nn: trade measures, six digits with an implied decimal point (the 4th AI digit).
for (let p = 310; p <= 369; p++) for (let d = 0; d <= 9; d++) TABLE[`${p}${d}`] = fixed(6);
for (let d = 0; d <= 9; d++) {
  TABLE[`390${d}`] = variable(15, { numeric: true });
  TABLE[`392${d}`] = variable(15, { numeric: true });
}

/** Length of the AI that starts with these two digits (GS1 Gen Specs, Figure 3.2-1 prefixes). */
function aiLength(two: string): number | undefined {
  const n = Number(two);
  if (n <= 22 || n === 30 || n === 37 || n >= 90) return 2;
  if ((n >= 23 && n <= 25) || (n >= 40 && n <= 42)) return 3;
  if ((n >= 31 && n <= 36) || n === 39 || (n >= 70 && n <= 72) || (n >= 80 && n <= 82)) return 4;
  return undefined;
}

/** Finds the AI at the start of `s` and its spec. */
export function lookupAi(s: string): { ai: string; spec: AiSpec } | undefined {
  const len = aiLength(s.slice(0, 2));
  if (len === undefined || !/^\d+$/.test(s.slice(0, len)) || s.length < len) return undefined;
  const ai = s.slice(0, len);
  const spec = TABLE[ai];
  return spec ? { ai, spec } : undefined;
}

export function specOf(ai: string): AiSpec | undefined {
  return TABLE[ai];
}

/** GS1 mod-10 check digit over all digits but the last: weights 3,1,3,… from the right. */
export function gs1CheckDigitOk(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  let sum = 0;
  const body = digits.slice(0, -1);
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === Number(digits[digits.length - 1]);
}

/** YYMMDD with a real month and a day 00–31 (00: end of month, allowed by GS1). */
export function isGs1Date(v: string): boolean {
  if (!/^\d{6}$/.test(v)) return false;
  const mm = Number(v.slice(2, 4));
  const dd = Number(v.slice(4, 6));
  return mm >= 1 && mm <= 12 && dd <= 31;
}
