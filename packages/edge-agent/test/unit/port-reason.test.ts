import { HealthReadingSchema, InputHealthSchema } from '@gongbang/shared';
import { describe, expect, it } from 'vitest';
import { HealthTracker } from '../../src/inputs/common/health.js';
import { PORT_REASONS, portReasonOf } from '../../src/inputs/serial/port-reason.js';
import { type AgentStatus, REASONS, renderStatusHtml, renderStatusLines } from '../../src/status/index.js';

const err = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});

describe('portReasonOf: why a serial port did not open', () => {
  it.each([
    // messages as serialport's bindings-cpp formats them (no code field); checked on Linux
    ['Error: No such file or directory, cannot open /dev/ttyACM0', undefined, 'port_absent'],
    ['Error: Permission denied, cannot open /dev/ttyS0', undefined, 'permission_denied'],
    ['Error Resource temporarily unavailable Cannot lock port', undefined, 'port_locked'],
    ['Error: Device or resource busy, cannot open /dev/ttyUSB0', undefined, 'port_locked'],
    ['Error: Inappropriate ioctl for device setting custom baud rate of 9600', undefined, 'not_a_serial_port'],
    ['Error: No such device, cannot open /dev/ttyUSB0', undefined, 'port_absent'],
    ['Error: Operation not permitted, cannot open /dev/ttyS1', undefined, 'permission_denied'],
    // Node-style errors carry a code
    ['open failed', 'ENOENT', 'port_absent'],
    ['open failed', 'EACCES', 'permission_denied'],
    ['open failed', 'EPERM', 'permission_denied'],
    ['open failed', 'EBUSY', 'port_locked'],
    ['open failed', 'ENOTTY', 'not_a_serial_port'],
    ['Error: Input/output error, cannot open /dev/ttyACM0', 'EIO', 'open_failed'],
    ['something else', undefined, 'open_failed'],
  ] as const)('%s (%s) → %s', (message, code, want) => {
    expect(portReasonOf(err(message, code))).toBe(want);
  });
});

describe('HealthTracker reason', () => {
  it('is reported only while disconnected, and fits the wire contract', () => {
    const h = new HealthTracker('scanner-1');
    h.reason = 'permission_denied';
    expect(h.snapshot()).toMatchObject({ connected: false, reason: 'permission_denied' });
    expect(InputHealthSchema.parse(h.snapshot()).reason).toBe('permission_denied');
    h.connected = true;
    expect(h.snapshot()).not.toHaveProperty('reason');
    expect(
      HealthReadingSchema.safeParse({
        seq: 1,
        ts: 1_764_000_000_000,
        timeSource: 'agent',
        source: 'agent',
        kind: 'health',
        agentVersion: '0.1.0',
        uptimeS: 1,
        spoolDepth: 0,
        spoolOldestAgeMs: null,
        deadLetters: 0,
        clockOffsetMs: null,
        inputs: [{ id: 'scanner-1', connected: false, lastDataTs: null, errors: {}, reason: 'port_locked' }],
      }).success,
    ).toBe(true);
  });
});

/** A running agent's status with no inputs, for the rendering tests below to extend. */
const BASE_STATUS: AgentStatus = {
  agentId: 'shop-1',
  version: '0.1.0',
  running: true,
  startedAt: 0,
  uptimeS: 60,
  collectorUrl: null,
  inputs: [],
  spool: {
    file: '/data/spool.db',
    synchronous: 'FULL',
    depth: 0,
    bytes: 0,
    oldestAgeMs: null,
    deadLetters: 0,
    dropped: {},
    problem: null,
  },
  deadLetters: [],
  forwarder: null,
  token: null,
  memory: null,
  at: 1_764_000_000_000,
};

describe('status shows why an input is disconnected, in Korean and English', () => {
  const status: AgentStatus = {
    ...BASE_STATUS,
    inputs: [
      { id: 'scan-a', connected: false, lastDataTs: null, errors: {}, reason: 'port_absent' },
      { id: 'scan-b', connected: false, lastDataTs: null, errors: { open_failed: 3 }, reason: 'permission_denied' },
      { id: 'scan-c', connected: false, lastDataTs: null, errors: {}, reason: 'port_locked' },
      { id: 'scan-d', connected: false, lastDataTs: null, errors: {}, reason: 'from_a_newer_agent' },
      { id: 'scan-e', connected: false, lastDataTs: null, errors: {} },
    ],
  };

  it('has a Korean and an English label for every port reason', () => {
    for (const r of [...PORT_REASONS, 'disconnected', 'port_error']) {
      expect(REASONS[r]?.ko, r).toMatch(/[가-힣]/);
      expect(REASONS[r]?.en, r).toMatch(/^[ -~—]+$/);
    }
  });

  it('in the text of gongbang-agent status', () => {
    const ko = renderStatusLines(status, 'ko');
    expect(ko).toContain(
      '  scan-a: 연결 안 됨 (⚠ 포트 없음 — 장치가 꽂혀 있는지, 설정의 포트 경로가 맞는지 확인하세요), 마지막 데이터 없음, 오류: -',
    );
    expect(ko.join('\n')).toContain('scan-b: 연결 안 됨 (⚠ 권한 없음 — 에이전트 사용자를 dialout 그룹에 추가하세요)');
    expect(ko.join('\n')).toContain('scan-c: 연결 안 됨 (⚠ 다른 프로그램이 포트를 사용 중 (잠김))');
    expect(ko.join('\n')).toContain('scan-d: 연결 안 됨 (⚠ from_a_newer_agent)');
    expect(ko).toContain('  scan-e: 연결 안 됨, 마지막 데이터 없음, 오류: -');
    const en = renderStatusLines(status, 'en').join('\n');
    expect(en).toContain('scan-a: disconnected (⚠ port not present — check the device is plugged in');
    expect(en).toContain("scan-b: disconnected (⚠ permission denied — add the agent's user to the dialout group)");
    expect(en).toContain('scan-c: disconnected (⚠ port locked — another program has it open)');
  });

  it('on the status page, marked as a warning and escaped', () => {
    const ko = renderStatusHtml(status, 'ko');
    expect(ko).toContain(
      '<li class="warn">  scan-b: 연결 안 됨 (⚠ 권한 없음 — 에이전트 사용자를 dialout 그룹에 추가하세요)',
    );
    const en = renderStatusHtml(status, 'en');
    expect(en).toContain(
      '<li class="warn">  scan-b: disconnected (⚠ permission denied — add the agent&#39;s user to the dialout group)',
    );
  });
});

describe('status says which settings the running remote config replaces', () => {
  const base: AgentStatus = { ...BASE_STATUS, collectorUrl: 'https://collector.example' };
  const remoteConfig = {
    ko: '⚠ 원격 설정(버전 2)이 이 파일의 inputs 항목을 대체합니다 (파일의 해당 값은 쓰이지 않음)',
    en: '⚠ Remote config version 2 overrides inputs of this file (the file’s values there are not used)',
  };

  it('on the status page and in the text, in both languages, as a warning', () => {
    const withRemote = { ...base, remoteConfig };
    expect(renderStatusLines(withRemote, 'ko')).toContain(remoteConfig.ko);
    expect(renderStatusLines(withRemote, 'en')).toContain(remoteConfig.en);
    expect(renderStatusHtml(withRemote, 'ko')).toContain(`<li class="warn">${remoteConfig.ko}`);
    expect(renderStatusHtml(withRemote, 'en')).toContain('<li class="warn">⚠ Remote config version 2 overrides inputs');
  });

  it('says nothing when the agent has nothing to say about remote config', () => {
    for (const s of [base, { ...base, remoteConfig: null }]) {
      expect(renderStatusLines(s, 'en').join('\n')).not.toMatch(/Remote config/);
    }
  });
});
