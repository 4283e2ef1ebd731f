import { z } from 'zod';
import { collectorEndpoint } from '../config/collector-url.js';
import { answerJson, answerText, type HttpAnswer, httpRequest, isOk } from '../http/index.js';

/** What the collector grants for a good enrollment code. */
export const EnrollmentGrantSchema = z.object({
  v: z.literal(1),
  agentId: z.string().min(1),
  workshopId: z.string().min(1),
  token: z.string().min(1),
  configVersion: z.number().int().min(1),
  config: z.unknown(),
});
export type EnrollmentGrant = z.infer<typeof EnrollmentGrantSchema>;

/** Why an enrollment failed, in the collector's words, with whether trying again can help. */
export class EnrollError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'EnrollError';
  }
}

const HINTS: Record<string, string> = {
  enrollment_code_unknown:
    'the code is not known: check it, or ask for a new one / 코드를 확인하거나 새 코드를 요청하세요',
  enrollment_code_expired:
    'the code has expired: ask the technician for a new one / 코드가 만료되었습니다. 새 코드를 요청하세요',
  enrollment_code_used: 'the code was used already: ask for a new one / 이미 사용된 코드입니다. 새 코드를 요청하세요',
  rate_limited: 'too many wrong codes from here: wait and try again / 잘못된 시도가 많습니다. 잠시 후 다시 시도하세요',
};

/** Exchanges a one-time code at `POST <collector>/api/v1/enroll` for the agent's token and config. */
export async function exchangeEnrollmentCode(options: {
  collectorUrl: string;
  code: string;
  agentVersion: string;
  timeoutMs?: number;
}): Promise<EnrollmentGrant> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  let res: HttpAnswer;
  try {
    res = await httpRequest(collectorEndpoint(options.collectorUrl, '/api/v1/enroll'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: options.code, agentVersion: options.agentVersion }),
      timeoutMs,
      deadlineMs: timeoutMs,
    });
  } catch (err) {
    throw new EnrollError('unreachable', `cannot reach ${options.collectorUrl}: ${(err as Error).message}`, true);
  }
  const body = answerJson(res);
  if (body === undefined) {
    throw new EnrollError('bad_answer', `collector answered ${answerText(res)} (not JSON)`, res.status >= 500);
  }
  if (!isOk(res)) {
    const e = (body as { error?: { code?: string; message?: string; retryable?: boolean } } | null)?.error ?? {};
    const code = e.code ?? `http_${res.status}`;
    throw new EnrollError(
      code,
      HINTS[code] ?? e.message ?? `collector answered ${res.status}`,
      e.retryable ?? res.status >= 500,
    );
  }
  const grant = EnrollmentGrantSchema.safeParse(body);
  if (!grant.success) throw new EnrollError('bad_answer', 'collector answered an unexpected enrollment body', false);
  return grant.data;
}
