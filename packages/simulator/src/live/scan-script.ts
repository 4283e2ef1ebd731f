/** One scan as the scanner sends it: AIM identifier, data, CR. */
export interface ScanFrame {
  /** The bytes on the wire. */
  bytes: Buffer;
  /** The meaning the agent's scan rules (below) give it. */
  meaning: 'badge' | 'work_order' | 'piece' | 'scrap' | 'stop_reason';
  /** AIM symbology identifier, e.g. `]C1`. */
  aim: ']C0' | ']C1' | ']Q1';
  /** The text the agent decodes (without AIM id and terminator). */
  text: string;
}

/** GS (0x1D): ends a variable-length GS1 element string before the next AI (GS1 General Specifications §7.8.5.2). */
const GS = '\x1d';
/** Korean GTIN prefix 880; the check digit is computed. */
const GTIN_BASE = '0880123456789';

/** The GS1 mod-10 check digit of the digits before it (GS1 General Specifications §7.9.1). */
export function gs1CheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = Number(digits[digits.length - 1 - i]);
    sum += i % 2 === 0 ? d * 3 : d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** The GTIN-14 every piece label carries. */
export const LIVE_GTIN = GTIN_BASE + gs1CheckDigit(GTIN_BASE);

/** Korean texts of the QR codes the scanner reads (UTF-8, as most label tools write them). */
export const SCRAP_TEXT = '불량:실밥 풀림';
export const STOP_REASON_TEXT = '사유:material_wait 자재 대기';

const frame = (aim: ScanFrame['aim'], text: string, meaning: ScanFrame['meaning']): ScanFrame => ({
  bytes: Buffer.from(`${aim}${text}\r`, 'utf8'),
  aim,
  text,
  meaning,
});

/**
 * The scans of one job (`job` = 0, 1, …): a worker badges in, starts a work order, scans
 * `pieces` GS1-128 piece labels (GTIN, lot, serial), one scrap QR and one stop-reason QR in
 * Korean, ends the order and badges out. Deterministic: the same job gives the same bytes.
 */
export function jobScans(job: number, pieces = 3): ScanFrame[] {
  const order = `WO-260501-${String((job % 999) + 1).padStart(3, '0')}`;
  const lot = `L${String(job).padStart(4, '0')}`;
  const out: ScanFrame[] = [frame(']C0', 'EMP-0007', 'badge'), frame(']C0', `S:${order}`, 'work_order')];
  for (let p = 0; p < pieces; p++) {
    const serial = `SN${String(job * pieces + p).padStart(6, '0')}`;
    out.push(frame(']C1', `01${LIVE_GTIN}10${lot}${GS}21${serial}`, 'piece'));
  }
  out.push(frame(']Q1', SCRAP_TEXT, 'scrap'), frame(']Q1', STOP_REASON_TEXT, 'stop_reason'));
  out.push(frame(']C0', `E:${order}`, 'work_order'), frame(']C0', 'EMP-0007', 'badge'));
  return out;
}

/**
 * The agent's scan rules for these scans: the meanings the KPI engine reads (docs/metrics.md)
 * with their fields (`worker`, `order` + `action`, `defect`, `reason`). Stop reasons carry a
 * code of the collector's reason card (metrics/reasons.ts) before the Korean label.
 */
export function liveScanRules() {
  return [
    { id: 'badge', meaning: 'badge', symbology: [']C0'], regex: '^EMP-(?<worker>\\d{4})$' },
    {
      id: 'order-start',
      meaning: 'work_order',
      symbology: [']C0'],
      regex: '^(?<action>S):(?<order>WO-\\d{6}-\\d{3})$',
    },
    { id: 'order-end', meaning: 'work_order', symbology: [']C0'], regex: '^(?<action>E):(?<order>WO-\\d{6}-\\d{3})$' },
    { id: 'piece', meaning: 'piece', symbology: [']C1'], gs1: true },
    { id: 'scrap', meaning: 'scrap', symbology: [']Q1'], regex: '^불량:(?<defect>.{1,40})$' },
    {
      id: 'stop-reason',
      meaning: 'stop_reason',
      symbology: [']Q1'],
      regex: '^사유:(?<reason>[a-z_]+) (?<label>.{1,40})$',
    },
  ];
}
