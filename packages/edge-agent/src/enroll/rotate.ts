import { statSync } from 'node:fs';
import type { Logger } from 'pino';
import { z } from 'zod';
import { collectorEndpoint } from '../config/collector-url.js';
import { type AgentConfig, resolveCollectorToken } from '../config/index.js';
import { answerText, type HttpAnswer, httpRequest, isOk } from '../http/index.js';
import { writePrivateFile } from '../remote-config/files.js';

/** The collector's answer to `POST /api/v1/agent/token`. */
export const RotatedTokenSchema = z.object({
  v: z.literal(1),
  agentId: z.string().min(1),
  token: z.string().min(1),
});

/** Why a rotation failed; `retryable` says whether asking again later can help. */
export class TokenRotationError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'TokenRotationError';
  }
}

export interface RotateOptions {
  collectorUrl: string;
  agentId: string;
  /** The token in use now. */
  token: string;
  /** Where the new token is saved (atomically, mode 0600). */
  tokenFile: string;
  timeoutMs?: number;
}

/**
 * Asks the collector for a new token and saves it over the token file. The collector keeps
 * the current token valid until the new one is first used, so a failure at any step (no
 * answer, a crash before the file is written) leaves the agent with a working token.
 */
export async function rotateAgentToken(o: RotateOptions): Promise<void> {
  const timeoutMs = o.timeoutMs ?? 15_000;
  let res: HttpAnswer;
  try {
    res = await httpRequest(collectorEndpoint(o.collectorUrl, '/api/v1/agent/token'), {
      method: 'POST',
      headers: { authorization: `Bearer ${o.token}` },
      timeoutMs,
      deadlineMs: timeoutMs,
    });
  } catch (err) {
    throw new TokenRotationError(`cannot reach ${o.collectorUrl}: ${(err as Error).message}`, true);
  }
  const text = res.text;
  if (!isOk(res)) {
    const refused = res.status === 401 || res.status === 403;
    throw new TokenRotationError(
      refused
        ? `the collector refused the current token (${res.status}): enroll again / 현재 토큰이 거부되었습니다. 다시 등록하세요`
        : `the collector answered ${answerText(res)}`,
      !refused,
    );
  }
  let answer: z.infer<typeof RotatedTokenSchema>;
  try {
    answer = RotatedTokenSchema.parse(JSON.parse(text));
  } catch (err) {
    throw new TokenRotationError(`unexpected answer from the collector: ${(err as Error).message.slice(0, 200)}`, true);
  }
  if (answer.agentId !== o.agentId) {
    throw new TokenRotationError(`the collector answered a token for ${answer.agentId}, not ${o.agentId}`, false);
  }
  writePrivateFile(o.tokenFile, `${answer.token}\n`);
}

/** Whether the token file is at least `days` old (by its modification time, which a rotation renews). */
export function tokenRotationDue(tokenFile: string, days: number, nowMs: number): boolean {
  try {
    return nowMs - statSync(tokenFile).mtimeMs >= days * 86_400_000;
  } catch {
    return false;
  }
}

/** Why a config's token cannot be rotated, or undefined when it can. */
export function rotationBlocker(config: Readonly<AgentConfig>): string | undefined {
  const c = config.collector;
  if (!c) return 'the config names no collector / 수집 서버 설정이 없습니다';
  if (c.token) {
    return 'the token comes from collector.token or GONGBANG_AGENT_TOKEN, which the agent cannot rewrite: keep it in collector.tokenFile / 토큰을 collector.tokenFile에 두어야 교체할 수 있습니다';
  }
  if (!c.tokenFile) return 'no collector.tokenFile / collector.tokenFile이 없습니다';
  return undefined;
}

/** Rotates the config's token now (the `rotate-token` command and the scheduled rotation). */
export async function rotateConfiguredToken(config: Readonly<AgentConfig>): Promise<void> {
  const blocked = rotationBlocker(config);
  if (blocked) throw new TokenRotationError(blocked, false);
  const c = config.collector!;
  const token = resolveCollectorToken(config);
  if (!token) throw new TokenRotationError(`${c.tokenFile} holds no token / 토큰 파일이 비어 있습니다`, false);
  await rotateAgentToken({ collectorUrl: c.url, agentId: config.agent.id, token, tokenFile: c.tokenFile! });
}

/**
 * Rotates the token with a heartbeat once the token file is `collector.rotateTokenDays` old.
 * A failure is logged and tried again at a later heartbeat; one that cannot pass (a refused
 * token) is logged once at error level.
 */
export function attachTokenRotation(
  agent: { onHeartbeat(hook: () => Promise<void>): void },
  config: Readonly<AgentConfig>,
  logger: Logger,
  now: () => number = Date.now,
): boolean {
  const days = config.collector?.rotateTokenDays;
  if (days === false || days === undefined || rotationBlocker(config)) return false;
  const file = config.collector!.tokenFile!;
  let busy = false;
  let givenUp = false;
  agent.onHeartbeat(async () => {
    if (busy || givenUp || !tokenRotationDue(file, days, now())) return;
    busy = true;
    try {
      await rotateConfiguredToken(config);
      logger.info({ tokenFile: file }, 'agent token rotated / 에이전트 토큰 교체됨');
    } catch (err) {
      const retryable = err instanceof TokenRotationError ? err.retryable : true;
      if (!retryable) givenUp = true;
      logger[retryable ? 'warn' : 'error']({ err }, 'agent token rotation failed / 에이전트 토큰 교체 실패');
    } finally {
      busy = false;
    }
  });
  return true;
}
