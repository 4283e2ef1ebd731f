import { describe, expect, it } from 'vitest';
import { backoffDelayMs, DEFAULT_BACKOFF } from '../../src/backoff/index.js';
import { ClockOffsetEstimator, isPoison, parseRetryAfter, UplinkError } from '../../src/forwarder/index.js';
import { type AgentStatus, renderStatusLines } from '../../src/status/index.js';

describe('backoff', () => {
  it('grows exponentially with jitter between half and the whole step, capped at maxMs', () => {
    const opts = { initialMs: 100, maxMs: 1_000, multiplier: 2 };
    expect(backoffDelayMs(1, opts, () => 0)).toBe(50);
    expect(backoffDelayMs(1, opts, () => 0.999)).toBeLessThan(100);
    expect(backoffDelayMs(3, opts, () => 0)).toBe(200);
    expect(backoffDelayMs(30, opts, () => 0.999)).toBeLessThanOrEqual(1_000);
  });

  it('waits at least Retry-After', () => {
    expect(backoffDelayMs(1, DEFAULT_BACKOFF, () => 0, 5_000)).toBe(5_000);
    expect(backoffDelayMs(9, DEFAULT_BACKOFF, () => 0.999, 5_000)).toBeLessThan(5_600);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-26T05:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7_000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 05:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('what counts as a poisoned batch', () => {
  it.each([
    [400, true],
    [403, true],
    [415, true],
    [401, false],
    [408, false],
    [409, false],
    [413, false],
    [429, false],
    [500, false],
    [503, false],
  ])('HTTP %i → dead letter: %s', (status, poison) => {
    expect(isPoison(new UplinkError('x', 'x', false, { status }))).toBe(poison);
  });

  it('a network error is never poison', () => {
    expect(isPoison(new UplinkError('network', 'down', true))).toBe(false);
  });
});

describe('clock offset', () => {
  it('takes the middle of the round trip and the median of recent samples', () => {
    const c = new ClockOffsetEstimator(3);
    expect(c.offsetMs()).toBeNull();
    c.add(1_000, 1_100, 950); // agent mid 1050, server 950 → +100
    c.add(2_000, 2_100, 1_950);
    c.add(3_000, 9_000, 0); // one slow outlier
    expect(c.offsetMs()).toBe(100);
  });
});

describe('status rendering', () => {
  const status: AgentStatus = {
    agentId: 'shop-1',
    version: '0.1.0',
    running: true,
    startedAt: 0,
    uptimeS: 7_500,
    collectorUrl: 'https://collector.example.kr',
    inputs: [
      { id: 'scanner-1', connected: false, lastDataTs: 1_764_000_000_000 - 120_000, errors: { frame_too_long: 2 } },
    ],
    spool: {
      file: '/data/spool.db',
      synchronous: 'FULL',
      depth: 1_234,
      bytes: 2_048,
      oldestAgeMs: 180_000,
      deadLetters: 1,
      dropped: { spool_full: 5 },
      problem: null,
    },
    deadLetters: [{ seq: 42, code: 'invalid_batch', message: 'readings[0].value: bad', at: 0 }],
    forwarder: {
      state: 'backoff',
      lastSuccessAt: 1_764_000_000_000 - 3_000,
      lastError: { code: 'store_unavailable', message: 'busy', status: 503, at: 0 },
      consecutiveFailures: 2,
      nextRetryAt: 1_764_000_000_000 + 5_000,
      delivered: 10,
      deadLettered: 1,
      clockOffsetMs: 61_000,
      clockSkewed: true,
    },
    token: { kept: 'file', fileAgeMs: 12 * 86_400_000 + 3_600_000, rotateTokenDays: 90 },
    memory: null,
    at: 1_764_000_000_000,
  };

  it('shows everything an owner needs in Korean', () => {
    const text = renderStatusLines(status, 'ko').join('\n');
    expect(text).toContain('에이전트 shop-1 (0.1.0) — 실행 중, 가동 시간 2시간 5분');
    expect(text).toContain('마지막 전송 성공: 3초 전');
    expect(text).toContain('store_unavailable (HTTP 503)');
    expect(text).toContain('+61000 ms');
    expect(text).toContain('⚠ 시계가 맞지 않습니다');
    expect(text).toContain('1,234 건 전송 대기, 가장 오래된 값 3분 전');
    expect(text).toContain('seq 42 invalid_batch');
    expect(text).toContain('spool_full 5');
    expect(text).toContain('scanner-1: 연결 안 됨, 마지막 데이터 2분 전, 오류: frame_too_long 2');
    expect(text).toContain('수집 서버 토큰: 파일, 12일 1시간 경과, 90일마다 자동 교체');
  });

  it('and in English', () => {
    const text = renderStatusLines(status, 'en').join('\n');
    expect(text).toContain('Agent shop-1 (0.1.0) — running, up 2 h 5 min');
    expect(text).toContain('last successful upload: 3 s ago');
    expect(text).toContain('next retry: 5 s');
    expect(text).toContain('⚠ clock is off');
    expect(text).toContain('Spool: 1,234 readings waiting, oldest 3 min ago');
    expect(text).toContain('Dead letters: 1');
    expect(text).toContain('Collector token: file, 12 d 1 h old, renewed every 90 d');
  });

  it.each([
    [
      { kept: 'config', fileAgeMs: null, rotateTokenDays: 90 },
      'in the config or environment (not renewed automatically)',
    ],
    [{ kept: 'none', fileAgeMs: null, rotateTokenDays: 90 }, '⚠ none — run gongbang-agent enroll'],
    [{ kept: 'file', fileAgeMs: null, rotateTokenDays: 90 }, 'file, ⚠ file cannot be read'],
    [{ kept: 'file', fileAgeMs: 3_600_000, rotateTokenDays: false }, 'file, 1 h 0 min old, not renewed automatically'],
  ] as const)('says where the token is kept: %j', (token, expected) => {
    expect(renderStatusLines({ ...status, token }, 'en')).toContain(`Collector token: ${expected}`);
  });

  it('shows no token line without a collector', () => {
    const lines = renderStatusLines({ ...status, collectorUrl: null, forwarder: null, token: null }, 'ko');
    expect(lines.some((l) => l.includes('토큰'))).toBe(false);
  });
});
