import type { Bilingual } from '@gongbang/shared';
import { z } from 'zod';

/**
 * The reasons a stop can be given, as on the laminated reason card scanned at the machine
 * (DOMAIN.md, "Stops, reasons and the paper log"). Fixed in code so that every workshop's
 * KPIs read the same codes; labels in Korean (first) and English.
 */
export const STOP_REASONS = [
  { code: 'material_wait', ko: '자재 대기', en: 'Waiting for material' },
  { code: 'breakdown', ko: '고장', en: 'Breakdown' },
  { code: 'setup', ko: '준비/교체', en: 'Setup / changeover' },
  { code: 'no_order', ko: '주문 없음', en: 'No order' },
  { code: 'break', ko: '휴식', en: 'Break' },
  { code: 'quality_check', ko: '품질 확인', en: 'Quality check' },
  { code: 'other', ko: '기타', en: 'Other' },
] as const satisfies readonly (Bilingual & { code: string })[];

/** A stop reason code, e.g. `breakdown`. */
export type StopReasonCode = (typeof STOP_REASONS)[number]['code'];

/** The codes of {@link STOP_REASONS}, in card order. */
export const STOP_REASON_CODES = STOP_REASONS.map((r) => r.code) as [StopReasonCode, ...StopReasonCode[]];

/** A known reason code; anything else is refused with the list of allowed codes. */
export const StopReasonSchema = z.enum(STOP_REASON_CODES, {
  error: (issue) =>
    `사유 코드를 알 수 없습니다 / unknown reason ${JSON.stringify(issue.input)}; allowed: ${STOP_REASON_CODES.join(', ')}`,
});

/** The label of a reason code in both languages. */
export function stopReasonLabel(code: StopReasonCode): Bilingual {
  const r = STOP_REASONS.find((x) => x.code === code)!;
  return { ko: r.ko, en: r.en };
}
