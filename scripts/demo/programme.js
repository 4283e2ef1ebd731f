// The demo's living programme: the demo workshop's machines and hours (so its live readings turn
// into KPIs), and a small programme of simulated workshops of the five industries at every stage,
// backfilled once through real agent spools and forwarders (packages/simulator). Later starts
// reuse it: `<dataDir>/demo-programme/done.json` says it is there.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { backfill } from '@gongbang/simulator';
import { DEMO_WORKSHOP } from './configs.js';

const say = (ko, en) => console.log(`${ko} / ${en}`);

/** Machines of the demo workshop: the live meter and plug, the live scanner at the press. */
const DEMO_MACHINES = [
  { id: 'live-meter', name: '프레스 (Modbus 전력계)', defaultPruS: 20, scanners: ['live-scanner'] },
  { id: 'live-plug', name: '재봉기 (Shelly 플러그)', defaultPruS: 30 },
];
const DAY = { start: '09:00', end: '18:00', breaks: [{ start: '12:00', end: '13:00' }] };

/** PUTs JSON to the collector as the admin; throws with the answer when it is not 2xx. */
async function put(url, token, route, body) {
  const res = await fetch(`${url}${route}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`PUT ${route}: HTTP ${res.status} ${await res.text()}`);
}

/** The demo workshop's calendar and machines, set on every start (a PUT replaces them). */
export async function setUpDemoWorkshop({ url, adminToken }) {
  await put(url, adminToken, `/api/v1/workshops/${DEMO_WORKSHOP}/calendar`, {
    weekly: { mon: DAY, tue: DAY, wed: DAY, thu: DAY, fri: DAY, sat: null, sun: null },
  });
  for (const m of DEMO_MACHINES) await put(url, adminToken, `/api/v1/workshops/${DEMO_WORKSHOP}/machines/${m.id}`, m);
}

/**
 * Backfills the programme unless an earlier start did. Prints a progress line every 2 s.
 * @returns {Promise<{ reused: boolean, workshops: number, readings: number, seconds: number } | null>} null when skipped
 */
export async function ensureProgramme({ url, adminToken, dataDir, workshops, months, signal, shown }) {
  if (workshops === 0) return null;
  const dir = path.join(dataDir, 'demo-programme');
  const done = path.join(dir, 'done.json');
  if (existsSync(done)) {
    const d = JSON.parse(readFileSync(done, 'utf8'));
    say(
      `시뮬레이션 프로그램: 이전 실행의 작업장 ${d.workshops}곳, ${d.months}개월 (${shown(dir)})`,
      `simulated programme: ${d.workshops} workshops × ${d.months} months from an earlier start (${shown(dir)})`,
    );
    return { reused: true, workshops: d.workshops, readings: d.readings, seconds: 0 };
  }
  say(
    `시뮬레이션 프로그램을 채웁니다: 작업장 ${workshops}곳 × ${months}개월, 실제 에이전트 스풀과 전송기로 (한 번만)`,
    `backfilling a simulated programme: ${workshops} workshops × ${months} months through real agent spools and forwarders (once)`,
  );
  let last = 0;
  const started = Date.now();
  const result = await backfill(
    { workshops, months, seed: 1, collector: url, token: adminToken, dataDir: dir, concurrency: 8, signal },
    (p) => {
      if (p.phase !== 'done' && Date.now() - last < 2000) return;
      last = Date.now();
      const eta = p.etaS === null ? '' : `, ~${Math.ceil(p.etaS)} s`;
      say(
        `  채우는 중: 작업장 ${p.workshopsDone}/${p.workshopsTotal}, 측정값 ${p.readingsDelivered.toLocaleString('ko-KR')}개 (${Math.round(p.readingsPerS).toLocaleString('ko-KR')}/s${eta})`,
        `  backfill: workshops ${p.workshopsDone}/${p.workshopsTotal}, readings ${p.readingsDelivered.toLocaleString('en-US')} (${Math.round(p.readingsPerS).toLocaleString('en-US')}/s${eta})`,
      );
    },
  );
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  writeFileSync(
    done,
    `${JSON.stringify({ workshops, months, readings: result.readingsDelivered, truthFile: result.truthFile, seconds }, null, 2)}\n`,
  );
  say(
    `시뮬레이션 프로그램 완료: 측정값 ${result.readingsDelivered.toLocaleString('ko-KR')}개, ${seconds}초 (정답: ${shown(result.truthFile)}); KPI는 수집 서버가 계산하는 대로 나타납니다`,
    `simulated programme done: ${result.readingsDelivered.toLocaleString('en-US')} readings in ${seconds} s (truth: ${shown(result.truthFile)}); KPIs appear as the collector computes them`,
  );
  return { reused: false, workshops, readings: result.readingsDelivered, seconds };
}
