import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { tempDir } from '@gongbang/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from '../../src/compose/registry.js';
import { SqliteStore } from '../../src/store/index.js';
import { kst, ReadingBuilder } from '../support/metrics-readings.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/gongbang-collector.js', import.meta.url));

const WEEKDAY = { start: '09:00', end: '18:00', breaks: [{ start: '12:00', end: '13:00' }] };
const DAY = '2026-03-04'; // a Wednesday, no public holiday: PBT 09:00–18:00 minus lunch = 8 h
const NEXT = '2026-03-05'; // no reading at all: planned time without data

/**
 * One workshop with one press counting produced and scrapped pieces (PRU 10 s). On DAY the
 * agent is heard from 08:00 to 19:00 and the press runs 09:00–15:00, then idles (no order) and
 * goes off at 18:00: APT = 09–12 + 13–15 = 5 h of PBT 8 h (availability 62.5 %), 900 pieces ×
 * 10 s = 2.5 h earned (performance 50 %), 90 scrapped (quality 90 %), OEE 28.125 %.
 */
async function seedData(dir: string): Promise<void> {
  const registry = new Registry({ location: { kind: 'sqlite', file: path.join(dir, 'registry.db') } });
  await registry.start();
  try {
    await registry.workshops.create({
      id: 'ws-1',
      nameKo: '문래 금속',
      nameEn: 'Mullae Metal',
      industry: 'machinery_metal',
    });
    await registry.calendars.set('ws-1', {
      weekly: { mon: WEEKDAY, tue: WEEKDAY, wed: WEEKDAY, thu: WEEKDAY, fri: WEEKDAY },
    });
    await registry.machines.put('ws-1', {
      id: 'press-1',
      name: '프레스 1호',
      defaultPruS: 10,
      counts: [
        { source: 'plug-1', channel: 'pieces', meaning: 'produced' },
        { source: 'plug-1', channel: 'rejects', meaning: 'scrap' },
      ],
      scanners: [],
    });
    await registry.agents.create('agent-1', 'ws-1');
  } finally {
    await registry.stop();
  }
  const b = new ReadingBuilder()
    .heartbeats(kst(`${DAY} 08:00`), kst(`${DAY} 19:00`))
    .state(kst(`${DAY} 09:00`), 'press-1', 'running')
    .count(kst(`${DAY} 10:00`), 'plug-1', 'pieces', 300)
    .count(kst(`${DAY} 11:00`), 'plug-1', 'pieces', 300)
    .count(kst(`${DAY} 14:00`), 'plug-1', 'pieces', 300)
    .count(kst(`${DAY} 14:30`), 'plug-1', 'rejects', 90)
    .state(kst(`${DAY} 15:00`), 'press-1', 'idle')
    .state(kst(`${DAY} 18:00`), 'press-1', 'off');
  b.readings.sort((x, y) => x.ts - y.ts);
  const store = new SqliteStore({ file: path.join(dir, 'readings.db') });
  await store.start();
  try {
    await store.write('ws-1', 'agent-1', b.readings);
  } finally {
    await store.stop();
  }
}

/** The built `gongbang-collector` (npm test builds first), as an operator runs it. */
async function cli(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args]);
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('gongbang-collector kpis', () => {
  let tmp: { dir: string; remove: () => Promise<void> };
  let data: string[];
  beforeAll(async () => {
    tmp = await tempDir('gongbang-kpis-cli-');
    await seedData(tmp.dir);
    data = ['--data-dir', tmp.dir];
  });
  afterAll(async () => {
    await tmp?.remove();
  });

  it('recomputes a range day by day, in Korean by default and in English with --lang en', async () => {
    const ko = await cli(['kpis', 'recompute', '--workshop', 'ws-1', '--from', DAY, '--to', NEXT, ...data]);
    expect(ko.code, ko.stderr).toBe(0);
    expect(ko.stdout).toContain(`${DAY} 계산 완료 (1/2일, 50%)`);
    expect(ko.stdout).toContain(`${NEXT} 계산 완료 (2/2일, 100%)`);
    expect(ko.stdout).toMatch(/재계산 완료: ws-1, 2026-03-04 ~ 2026-03-05, 2일/);
    const en = await cli([
      'kpis',
      'recompute',
      '--workshop',
      'ws-1',
      '--from',
      DAY,
      '--to',
      DAY,
      '--lang',
      'en',
      ...data,
    ]);
    expect(en.code, en.stderr).toBe(0);
    expect(en.stdout).toContain(`computed ${DAY} (day 1 of 2, 50%)`);
    // The engine forgets every day from --from on: the day after --to, computed before, is rebuilt.
    expect(en.stdout).toContain(`also computing ${NEXT} to ${NEXT} again`);
    expect(en.stdout).toMatch(/recomputed ws-1, 2026-03-04 to 2026-03-05: 2 days in [\d.]+ s/);
  });

  it('shows the figures of each day as a Korean table, with the day without data as insufficient', async () => {
    const r = await cli(['kpis', 'show', '--workshop', 'ws-1', '--from', DAY, '--to', NEXT, ...data]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[1]).toMatch(
      /^기간\s+시간가동률\s+성능가동률\s+양품률\s+설비종합효율 \(OEE\)\s+생산수량 PQ\s+양품수량 GQ\s+수집률\s+상태\s+출처$/,
    );
    const day = lines.find((l) => l.startsWith(DAY));
    expect(day?.split(/\s{2,}/)).toEqual([
      DAY,
      '62.5%',
      '50.0%',
      '90.0%',
      '28.1%',
      '900',
      '810',
      '100.0%',
      '정상',
      '설비',
    ]);
    const next = lines.find((l) => l.startsWith(NEXT));
    expect(next?.split(/\s{2,}/)).toEqual([NEXT, '-', '-', '-', '-', '0', '0', '0.0%', '자료 부족', '설비']);
    // Over both days half the planned time has data: the total is below the 80 % threshold too.
    expect(lines.find((l) => l.startsWith('합계'))?.split(/\s{2,}/)).toEqual([
      '합계',
      '-',
      '-',
      '-',
      '-',
      '900',
      '810',
      '50.0%',
      '자료 부족',
      '설비',
    ]);
    expect(r.stdout).toMatch(/공식 버전 iso22400-2\//);
  });

  it('shows English headers with --lang en, the API answer as JSON and the CSV export', async () => {
    const en = await cli(['kpis', 'show', '--workshop', 'ws-1', '--from', DAY, '--to', DAY, '--lang', 'en', ...data]);
    expect(en.code, en.stderr).toBe(0);
    expect(en.stdout).toMatch(/period\s+Availability\s+Performance\s+Quality ratio\s+OEE\s+PQ \(produced\)/);
    expect(en.stdout).toMatch(/2026-03-04\s+62\.5%\s+50\.0%\s+90\.0%\s+28\.1%\s+900\s+810\s+100\.0%\s+ok\s+device/);

    const json = await cli([
      'kpis',
      'show',
      '--workshop',
      'ws-1',
      '--from',
      DAY,
      '--to',
      NEXT,
      '--format',
      'json',
      ...data,
    ]);
    expect(json.code, json.stderr).toBe(0);
    const answer = JSON.parse(json.stdout);
    const first = answer.periods[0];
    expect(first.period).toBe(DAY);
    expect(first.elements).toMatchObject({
      pbt_s: 28_800,
      apt_s: 18_000,
      adot_s: 10_800,
      unplanned_apt_s: 3_600,
      pq: 900,
      sq: 90,
    });
    expect(first.kpis.availability).toMatchObject({ value: 0.625, status: 'ok', n: 1, coverage: 1 });
    expect(first.kpis.oee.value).toBeCloseTo(0.28125, 10);
    expect(answer.periods[1].kpis.availability).toMatchObject({
      value: null,
      status: 'insufficient_data',
      coverage: 0,
    });
    expect(answer.pendingDays).toEqual([]);

    const csv = await cli([
      'kpis',
      'show',
      '--workshop',
      'ws-1',
      '--from',
      DAY,
      '--to',
      DAY,
      '--format',
      'csv',
      ...data,
    ]);
    expect(csv.code, csv.stderr).toBe(0);
    const [head, row] = csv.stdout.trim().split(/\r?\n/);
    const cols = (head ?? '').split(',');
    const cells = (row ?? '').split(',');
    expect(cells[cols.indexOf('availability')]).toBe('0.625');
    expect(cells[cols.indexOf('pq')]).toBe('900');
  });

  it('refuses an unknown workshop and a range that ends before it starts, in both languages', async () => {
    const unknown = await cli(['kpis', 'show', '--workshop', 'ws-none', '--from', DAY, '--to', DAY, ...data]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('작업장 "ws-none"을(를) 찾을 수 없습니다 / workshop "ws-none" not found');
    const recompute = await cli(['kpis', 'recompute', '--workshop', 'ws-none', '--from', DAY, '--to', DAY, ...data]);
    expect(recompute.code).toBe(1);
    expect(recompute.stderr).toContain('workshop "ws-none" not found');

    const reversed = await cli(['kpis', 'recompute', '--workshop', 'ws-1', '--from', NEXT, '--to', DAY, ...data]);
    expect(reversed.code).toBe(2);
    expect(reversed.stderr.trim()).toBe(
      '--from(2026-03-05)이 --to(2026-03-04)보다 늦습니다 / --from (2026-03-05) is after --to (2026-03-04)',
    );
    const badDay = await cli(['kpis', 'show', '--workshop', 'ws-1', '--from', '2026-02-30', '--to', DAY, ...data]);
    expect(badDay.code).toBe(2);
    expect(badDay.stderr).toContain('expected a YYYY-MM-DD date, got "2026-02-30"');
  });

  it('says where the registry is missing instead of creating an empty one', async () => {
    const empty = path.join(tmp.dir, 'nothing-here');
    const r = await cli(['kpis', 'show', '--workshop', 'ws-1', '--from', DAY, '--to', DAY, '--data-dir', empty]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`no registry at ${path.join(empty, 'registry.db')}`);
  });
});
