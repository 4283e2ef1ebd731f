import type { PhaseStep } from './pattern.js';

/** A line people read, in Korean and English. */
export interface Line {
  ko: string;
  en: string;
}

const s = (ms: number) => `${Math.round(ms / 100) / 10}`;
const cycle = (schedule: readonly PhaseStep[], lang: 'ko' | 'en') => {
  const names =
    lang === 'ko' ? { running: '가동', idle: '대기', off: '꺼짐' } : { running: 'running', idle: 'idle', off: 'off' };
  return schedule.map((p) => `${names[p.phase]} ${s(p.durationMs)}${lang === 'ko' ? '초' : ' s'}`).join(' → ');
};

export const msg = {
  scannerPty: (id: string, agentPath: string, intervalMs: number): Line => ({
    ko: `바코드 스캐너 ${id}: socat 가상 시리얼 포트 ${agentPath} — ]C0 사번·작업지시, ]C1 GS1-128 제품 라벨 (01)(10)(21), ]Q1 한글 QR (불량·정지 사유), CR 종료, ${s(intervalMs)}초마다 1건`,
    en: `barcode scanner ${id}: socat virtual serial port ${agentPath} — ]C0 badges and work orders, ]C1 GS1-128 piece labels (01)(10)(21), ]Q1 Korean QR (scrap, stop reasons), CR-terminated, one scan every ${s(intervalMs)} s`,
  }),
  sensorPty: (id: string, agentPath: string, intervalMs: number): Line => ({
    ko: `라인 센서 ${id}: socat 가상 시리얼 포트 ${agentPath} — "temp=21.5 hum=40.2" 형식 줄, ${s(intervalMs)}초마다`,
    en: `line sensor ${id}: socat virtual serial port ${agentPath} — "temp=21.5 hum=40.2" lines, every ${s(intervalMs)} s`,
  }),
  fallbackWhy: (forced: boolean): Line =>
    forced
      ? {
          ko: '대체 모드: 요청에 따라 가상 시리얼 포트(socat)를 쓰지 않습니다',
          en: 'fallback: virtual serial ports (socat) not used, as requested',
        }
      : {
          ko: '대체 모드: socat이 PATH에 없어 가상 시리얼 포트를 만들 수 없습니다 (설치: sudo apt-get install socat)',
          en: 'fallback: socat is not on PATH, so no virtual serial ports (install: sudo apt-get install socat)',
        },
  scannerFallback: (id: string): Line => ({
    ko: `바코드 스캐너 ${id}: 시리얼 포트 대신 에이전트 내장 simulated 입력 — 작업지시 스캔(WO-LIVE-n)과 생산 수량만 만들고, AIM 식별자·GS1·한글 QR·사번·정지 사유는 없습니다`,
    en: `barcode scanner ${id}: the agent's built-in simulated input instead of a serial port — only work-order scans (WO-LIVE-n) and piece counts; no AIM ids, GS1, Korean QR, badges or stop reasons`,
  }),
  sensorFallback: (id: string, url: string, topic: string, intervalMs: number): Line => ({
    ko: `라인 센서 ${id}: 시리얼 줄 대신 같은 값을 MQTT ${url} 토픽 ${topic}에 JSON으로 보냅니다, ${s(intervalMs)}초마다`,
    en: `line sensor ${id}: the same values as JSON over MQTT ${url} topic ${topic} instead of serial lines, every ${s(intervalMs)} s`,
  }),
  meter: (id: string, host: string, port: number, unit: number, schedule: readonly PhaseStep[]): Line => ({
    ko: `전력계 ${id}: Modbus TCP ${host}:${port} 유닛 ${unit}, 입력 레지스터 0–5 (float32, 하위 워드 먼저: 전류 A, 전력 W, 전력량 kWh), 설비 ${cycle(schedule, 'ko')} 반복`,
    en: `power meter ${id}: Modbus TCP ${host}:${port} unit ${unit}, input registers 0–5 (float32, low word first: current A, power W, energy kWh), machine ${cycle(schedule, 'en')}, repeating`,
  }),
  plug: (id: string, url: string, prefix: string, schedule: readonly PhaseStep[]): Line => ({
    ko: `Shelly 플러그 ${id}: MQTT ${url}, ${prefix}/status/switch:0 (apower W, output, voltage, current, aenergy.total)와 ${prefix}/online, 재봉기 ${cycle(schedule, 'ko')} 반복`,
    en: `Shelly plug ${id}: MQTT ${url}, ${prefix}/status/switch:0 (apower W, output, voltage, current, aenergy.total) and ${prefix}/online, sewing machine ${cycle(schedule, 'en')}, repeating`,
  }),
  counts: (c: LiveCounts): Line => ({
    ko: `보낸 것: 스캔 ${c.scans}, 센서 ${c.sensorSamples}, 전력계 응답 ${c.meterRequests}, 플러그 상태 ${c.shellyMessages}`,
    en: `sent: scans ${c.scans}, sensor samples ${c.sensorSamples}, meter answers ${c.meterRequests}, plug status ${c.shellyMessages}`,
  }),
};

/** What the live devices sent so far (progress for long runs). */
export interface LiveCounts {
  /** Scans written to the pseudo-terminal (0 in the fallback: the agent makes its own). */
  scans: number;
  sensorSamples: number;
  meterRequests: number;
  shellyMessages: number;
}
