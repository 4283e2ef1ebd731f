import { z } from 'zod';
import { collectorEndpoint } from '../config/collector-url.js';
import { answerJson, answerText, type HttpAnswer, httpRequest, isOk } from '../http/index.js';

/** What the agent reports with each heartbeat. */
export interface HeartbeatReport {
  agentVersion: string;
  appliedConfigVersion: number | null;
  failedConfigVersion?: number | null;
  failedConfigReason?: string | null;
}

export const HeartbeatAnswerSchema = z.object({
  v: z.literal(1),
  serverTime: z.number(),
  configVersion: z.number().int().nullable(),
  config: z
    .object({ version: z.number().int().min(1), config: z.unknown(), author: z.string(), createdAt: z.string() })
    .nullable(),
});
export type HeartbeatAnswer = z.infer<typeof HeartbeatAnswerSchema>;

/** Sends heartbeats to the collector; the answer carries a newer config when there is one. */
export interface HeartbeatClient {
  heartbeat(report: HeartbeatReport): Promise<HeartbeatAnswer>;
}

/** A heartbeat that failed; `retryable` says whether the next heartbeat may succeed. */
export class HeartbeatError extends Error {
  readonly code = 'GB_HEARTBEAT_FAILED';
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'HeartbeatError';
  }
}

/** Options of the HTTP heartbeat client. */
export interface HttpHeartbeatClientOptions {
  /** Collector base URL. */
  url: string;
  /** The agent token, or a function reading it (so a rotated token file is picked up). */
  token: string | (() => string | undefined);
  /** Request timeout, ms. Default 10,000. */
  timeoutMs?: number;
}

/** `POST /api/v1/agent/heartbeat` with the agent's bearer token. */
export class HttpHeartbeatClient implements HeartbeatClient {
  constructor(private readonly options: HttpHeartbeatClientOptions) {}

  async heartbeat(report: HeartbeatReport): Promise<HeartbeatAnswer> {
    const t = this.options.token;
    const token = typeof t === 'function' ? t() : t;
    if (!token) throw new HeartbeatError('no agent token configured (run gongbang-agent enroll)', null, false);
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    let res: HttpAnswer;
    try {
      res = await httpRequest(collectorEndpoint(this.options.url, '/api/v1/agent/heartbeat'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(report),
        timeoutMs,
        deadlineMs: timeoutMs,
      });
    } catch (err) {
      throw new HeartbeatError(`collector unreachable: ${(err as Error).message}`, null, true);
    }
    if (!isOk(res))
      throw new HeartbeatError(
        `collector answered ${answerText(res, 300)}`,
        res.status,
        res.status >= 500 || res.status === 429,
      );
    const parsed = HeartbeatAnswerSchema.safeParse(answerJson(res));
    if (!parsed.success) throw new HeartbeatError('collector answered an unexpected heartbeat body', res.status, false);
    return parsed.data;
  }
}
