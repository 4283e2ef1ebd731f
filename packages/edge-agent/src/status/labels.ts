import type { Lang } from '@gongbang/shared';

/** Every owner-facing word of the status output, in Korean and English. */
export const LABELS = {
  title: { ko: '공방 에이전트 상태', en: 'Gongbang agent status' },
  agent: { ko: '에이전트', en: 'Agent' },
  running: { ko: '실행 중', en: 'running' },
  notRunning: { ko: '실행 중 아님 (스풀 파일에서 읽음)', en: 'not running (read from the spool file)' },
  uptime: { ko: '가동 시간', en: 'up' },
  collector: { ko: '수집 서버', en: 'Collector' },
  noCollector: { ko: '설정 안 됨 (로컬 보관만)', en: 'not configured (spooling only)' },
  lastUpload: { ko: '마지막 전송 성공', en: 'last successful upload' },
  never: { ko: '없음', en: 'never' },
  state: { ko: '상태', en: 'state' },
  lastError: { ko: '마지막 오류', en: 'last error' },
  nextRetry: { ko: '다음 재시도', en: 'next retry' },
  clock: { ko: '시계 차이 (에이전트 − 서버)', en: 'Clock offset (agent − collector)' },
  clockUnknown: { ko: '아직 모름', en: 'not known yet' },
  clockSkewed: {
    ko: '⚠ 시계가 맞지 않습니다 — 시간 동기화(NTP)를 확인하세요',
    en: '⚠ clock is off — check time sync (NTP)',
  },
  spool: { ko: '로컬 보관(스풀)', en: 'Spool' },
  waiting: { ko: '건 전송 대기', en: 'readings waiting' },
  oldest: { ko: '가장 오래된 값', en: 'oldest' },
  deadLetters: { ko: '거부된 값 (보관함)', en: 'Dead letters' },
  dropped: { ko: '버려진 값 (보고됨)', en: 'Dropped (reported as gaps)' },
  problem: { ko: '⚠ 문제', en: '⚠ problem' },
  inputs: { ko: '입력 장치', en: 'Inputs' },
  noInputs: { ko: '없음', en: 'none' },
  connected: { ko: '연결됨', en: 'connected' },
  disconnected: { ko: '연결 안 됨', en: 'disconnected' },
  lastData: { ko: '마지막 데이터', en: 'last data' },
  errors: { ko: '오류', en: 'errors' },
  ago: { ko: '전', en: 'ago' },
  idle: { ko: '대기', en: 'idle' },
  sending: { ko: '전송 중', en: 'sending' },
  backoff: { ko: '재시도 대기', en: 'backing off' },
  stopped: { ko: '정지', en: 'stopped' },
  token: { ko: '수집 서버 토큰', en: 'Collector token' },
  tokenFile: { ko: '파일', en: 'file' },
  tokenAge: { ko: '경과', en: 'old' },
  tokenEvery: { ko: '마다 자동 교체', en: 'renewed every' },
  tokenNoRotate: { ko: '자동 교체 안 함', en: 'not renewed automatically' },
  tokenInConfig: {
    ko: '설정 파일 또는 환경 변수 (자동 교체 안 됨)',
    en: 'in the config or environment (not renewed automatically)',
  },
  tokenMissing: { ko: '⚠ 없음 — gongbang-agent enroll 필요', en: '⚠ none — run gongbang-agent enroll' },
  tokenUnreadable: { ko: '⚠ 파일을 읽을 수 없음', en: '⚠ file cannot be read' },
} as const;

export type LabelKey = keyof typeof LABELS;

/**
 * Why an input is not connected (`InputHealth.reason`), with what to do about it. Codes from
 * inputs/serial/port-reason.ts and the reopening port's down events.
 */
export const REASONS: Record<string, { ko: string; en: string }> = {
  port_absent: {
    ko: '포트 없음 — 장치가 꽂혀 있는지, 설정의 포트 경로가 맞는지 확인하세요',
    en: 'port not present — check the device is plugged in and the port path in the config',
  },
  permission_denied: {
    ko: '권한 없음 — 에이전트 사용자를 dialout 그룹에 추가하세요',
    en: "permission denied — add the agent's user to the dialout group",
  },
  port_locked: {
    ko: '다른 프로그램이 포트를 사용 중 (잠김)',
    en: 'port locked — another program has it open',
  },
  not_a_serial_port: {
    ko: '시리얼 포트가 아님 — 포트 경로를 확인하세요',
    en: 'not a serial port — check the port path',
  },
  open_failed: { ko: '포트를 열 수 없음', en: 'port cannot be opened' },
  disconnected: { ko: '분리됨 — 포트가 사라졌습니다', en: 'unplugged — the port went away' },
  port_error: { ko: '포트 오류', en: 'port error' },
};

/** The words for a not-connected reason; an unknown code (from a newer agent) as itself. */
export function reasonText(lang: Lang, code: string): string {
  return Object.hasOwn(REASONS, code) ? REASONS[code]![lang] : code;
}

export function t(lang: Lang, key: LabelKey): string {
  return LABELS[key][lang];
}

/** `3 min`, `2 h 5 min`, `4 d 3 h` / `3분`, `2시간 5분`, `4일 3시간`. */
export function duration(lang: Lang, ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const [d, h, m] = [Math.floor(s / 86_400), Math.floor((s % 86_400) / 3_600), Math.floor((s % 3_600) / 60)];
  const u = lang === 'ko' ? { d: '일', h: '시간', m: '분', s: '초' } : { d: ' d', h: ' h', m: ' min', s: ' s' };
  if (d > 0) return `${d}${u.d} ${h}${u.h}`;
  if (h > 0) return `${h}${u.h} ${m}${u.m}`;
  if (m > 0) return `${m}${u.m}`;
  return `${s}${u.s}`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}
