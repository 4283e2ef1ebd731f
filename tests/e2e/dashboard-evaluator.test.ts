import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../packages/collector/src/compose/index.js';
import type { KpiEngine } from '../../packages/collector/src/metrics/index.js';
import { addDays } from '../../packages/collector/src/metrics/index.js';
import { PRINTERS, PRINTERS_EFFECT } from '../../packages/collector/test/integration/evaluation-fixtures.js';
import { ingest } from '../../packages/collector/test/integration/kpi-fixtures.js';
import type { seed } from '../../packages/collector/test/integration/registry-fixtures.js';
import { kst, ReadingBuilder } from '../../packages/collector/test/support/metrics-readings.js';
import { ARTIFACTS_DIR, expectAccessible, launchChromium, openPage, screenshot, signIn } from './support/browser.js';
import { startCollector, WEEKDAYS_9_TO_6 } from './support/collector.js';

// A Wednesday noon in Seoul: the collector's clock and the browser's.
const NOW = kst('2026-03-11 12:00');
const FIRST_DAY = '2025-12-29'; // a Monday
const WEEKS = 10;

// A small programme of printers keeping a paper log, as the evaluation's own integration test
// builds it (PRINTERS): four enter stage 1 (two in week 4, two in week 7), four never do, so the
// 0→1 analysis has an estimate and the 1→2 analysis has none. One shoe workshop sends readings.

describe("the evaluator's pages in a browser", () => {
  let registry: Registry;
  let closeCollector: () => Promise<void>;
  let app: FastifyInstance;
  let engine: KpiEngine;
  let world: Awaited<ReturnType<typeof seed>>;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    ({
      registry,
      app,
      engine,
      base,
      world,
      close: closeCollector,
    } = await startCollector({
      name: 'dashboard-evaluator',
      nowMs: NOW,
    }));

    for (const s of PRINTERS) {
      if (s.id !== 'ws-a') {
        await registry.workshops.create({
          id: s.id,
          nameKo: `인쇄 ${s.id}`,
          nameEn: `Print ${s.id}`,
          industry: 'printing',
          cluster: 'Euljiro',
          headcount: 1,
        });
      }
      await registry.workshops.setStage(s.id, { stage: 0, startedOn: '2025-06-01', level: 'ict_none' });
      if (s.enters !== null) {
        await registry.workshops.setStage(s.id, {
          stage: 1,
          startedOn: addDays(FIRST_DAY, s.enters * 7),
          level: 'basic',
        });
      }
      // Two paper-log days a week are enough for weekly figures.
      for (let w = 0; w < WEEKS; w++) {
        for (const d of [0, 2]) {
          const perHour = s.level + 0.5 * w + (s.enters !== null && w >= s.enters ? PRINTERS_EFFECT : 0);
          await registry.manualEntries.add(
            s.id,
            { day: addDays(FIRST_DAY, w * 7 + d), pq: perHour * 8, workS: 8 * 3600 },
            world.users.admin.id,
          );
        }
      }
    }
    // ws-b (shoes): its agent was heard 09:00–12:00 on Tuesday, so that week has a coverage figure.
    await registry.calendars.set('ws-b', { weekly: WEEKDAYS_9_TO_6 });
    await registry.machines.put('ws-b', { id: 'm2', name: 'Sewing 2', defaultPruS: 10, counts: [] });
    const b = new ReadingBuilder();
    b.heartbeats(kst('2026-03-10 09:00'), kst('2026-03-10 12:00'));
    b.state(kst('2026-03-10 09:00'), 'm2', 'running');
    await ingest(app, 'agent-b', world.agentTokens.b, b.readings, NOW);
    await engine.settle();
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await closeCollector?.();
  });

  const desk = (): Promise<{ context: BrowserContext; page: Page }> => openPage(browser, { nowMs: NOW, size: 'desk' });

  /** Signs the evaluator in on `path` and waits for that page's own answer. */
  async function evaluatorOn(page: Page, path: string, api: string): Promise<void> {
    const answered = page.waitForResponse((r) => r.url().includes(api) && r.status() === 200);
    await signIn(page, base, 'eval', 'eval-password-1', path);
    await answered;
  }

  async function toEnglish(page: Page): Promise<void> {
    await page.getByLabel('English').check();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
  }

  it('shows the programme: stage counts by industry and cluster, and the coverage heatmap with its summary', async () => {
    const { context, page } = await desk();
    try {
      await evaluatorOn(page, '/', '/api/v1/programme/coverage');
      expect(new URL(page.url()).pathname).toBe('/evaluator/programme');
      await page.getByTestId('coverage-heatmap').waitFor();
      const nav = page.getByRole('navigation');
      expect(await nav.getByRole('link').allTextContents()).toEqual(['사업 현황', 'KPI 표', '단계 효과', '내 계정']);
      // 9 printers at stage 0 or 1, one shoe workshop without a stage.
      const industries = page.getByTestId('by-industry-stage');
      expect(await industries.locator('thead th').allTextContents()).toEqual([
        '업종',
        '0단계',
        '1단계',
        '단계 없음',
        '합계',
      ]);
      expect(await industries.locator('tbody tr', { hasText: '인쇄' }).locator('td').allTextContents()).toEqual([
        '4',
        '4',
        '0',
        '8',
      ]);
      expect(await industries.locator('tfoot td').last().textContent()).toBe('9');
      expect(await page.getByTestId('by-cluster-stage').locator('tbody th').allTextContents()).toEqual([
        'Euljiro',
        'Seongsu',
      ]);
      // 52 weeks × 9 workshops; the printers' 10 weeks are hand entries, ws-b's one week is 3 h of 27 planned.
      const summary = await page.getByTestId('coverage-summary').textContent();
      expect(summary).toContain('작업장-주 468칸');
      expect(summary).toContain('수기 입력만 80칸');
      expect(summary).toContain('미만 1칸');
      const canvas = page.getByTestId('coverage-heatmap');
      expect(await canvas.getAttribute('aria-label')).toContain('작업장 9곳 × 52주');
      const box = await canvas.boundingBox();
      expect(box?.width).toBeGreaterThan(600);
      // The canvas is drawn: a hand-entry cell is Okabe–Ito orange somewhere in it.
      const orange = await page.evaluate(`(() => {
        const c = document.querySelector('[data-testid="coverage-heatmap"]');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] === 0xe6 && d[i + 1] === 0x9f && d[i + 2] === 0) n++;
        return n;
      })()`);
      expect(orange).toBeGreaterThan(0);
      // A pointer on a cell names it: p-a's row (second, 16 px rows under a 22 px header), first week.
      await canvas.hover({ position: { x: 155, y: 22 + 16 + 8 } });
      await expect.poll(() => canvas.getAttribute('title')).toBe('p-a · 2025. 3. 17. · 자료 없음');
      await screenshot(page, 'evaluator-programme-ko-desk');
      await expectAccessible(page, "the evaluator's programme page (ko)");

      await toEnglish(page);
      await page.getByText('Data coverage (workshop × week)').waitFor();
      expect(await page.getByTestId('coverage-summary').textContent()).toContain('Of 468 workshop-weeks');
      await screenshot(page, 'evaluator-programme-en-desk');
      await expectAccessible(page, "the evaluator's programme page (en)");

      // The per-workshop before/after is reachable from the programme page.
      await page.getByLabel('Open a workshop’s before/after').selectOption('p-a');
      const descriptive = page.waitForResponse(
        (r) => r.url().includes('/evaluation/descriptive') && r.status() === 200,
      );
      await page.getByRole('link', { name: 'Open' }).click();
      await descriptive;
      expect(new URL(page.url()).pathname).toBe('/evaluator/workshops/p-a');
      await page.getByTestId('trend').waitFor();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Descriptive (not causal)');
      expect(await page.getByTestId('descriptive-note').textContent()).toContain('does not tell the effect');
      expect(await page.getByTestId('series-table').locator('tbody tr').count()).toBe(WEEKS);
      await page.getByTestId('series-chart').locator('canvas').first().waitFor();
      await screenshot(page, 'evaluator-workshop-en-desk');
      await expectAccessible(page, "a workshop's descriptive page (en)");
      await page.getByLabel('한국어').check();
      await page.getByText('기술 통계 (인과 아님)').waitFor();
      await screenshot(page, 'evaluator-workshop-ko-desk');
      await expectAccessible(page, "a workshop's descriptive page (ko)");
    } finally {
      await context.close();
    }
  });

  it('shows the KPI tables with N and coverage, pages on the server and downloads a table as CSV', async () => {
    const { context, page } = await desk();
    try {
      await evaluatorOn(page, '/evaluator/kpis', '/api/v1/programme/kpis');
      const industries = page.getByTestId('kpi-by-industry');
      await industries.waitFor();
      expect(await industries.locator('thead th').allTextContents()).toEqual([
        '업종',
        '작업장 수',
        'N (값 있음)',
        '수집률 중앙값 (N)',
        '1사분위',
        '중앙값',
        '3사분위',
      ]);
      await page.getByLabel('KPI', { exact: true }).selectOption('labour_productivity');
      const printing = industries.locator('tbody tr', { hasText: '인쇄' });
      expect(await printing.locator('td').first().textContent()).toBe('8');
      expect(await printing.locator('td[data-col="n"]').textContent()).toBe('8');
      // Paper logs only: no coverage figure for the printers; a quartile of the KPI.
      expect(await printing.locator('td').nth(2).textContent()).toBe('—');
      expect(await printing.locator('td').nth(4).textContent()).toMatch(/^\d+(\.\d+)?$/);
      const shoes = industries.locator('tbody tr', { hasText: '수제화' });
      expect(await shoes.locator('td').nth(2).textContent()).toMatch(/^\d+\.\d%\s\(1\)$/);
      // The workshop rows: N and coverage beside each value, a link to the workshop's page.
      const rows = page.getByTestId('kpi-workshops');
      expect(await rows.locator('thead th').allTextContents()).toEqual([
        '작업장',
        '업종',
        '단계',
        '값',
        '상태',
        '수집률',
        'N',
      ]);
      expect(await rows.locator('tbody tr').count()).toBe(9);
      expect(await rows.getByRole('link', { name: 'p-a' }).getAttribute('href')).toBe('/evaluator/workshops/p-a');
      expect(await rows.locator('tbody tr', { hasText: 'p-a' }).locator('td').nth(2).textContent()).toMatch(/^\d/);
      // The request asked for a page of 50; the answer says how many there are in all.
      const paged = await page.evaluate<{ page: unknown; n: number }>(`
        fetch('/api/v1/programme/kpis?limit=2&offset=0').then((r) => r.json()).then((b) => ({ page: b.page, n: b.workshops.length }))`);
      expect(paged).toEqual({ page: { offset: 0, limit: 2, total: 9 }, n: 2 });

      const download = page.waitForEvent('download');
      await page.locator('#kpi-by-industry-title ~ button.csv').click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/^programme-kpis-by-industry-.*\.csv$/);
      const text = (await readFile(await file.path(), 'utf8')).replace(/^\uFEFF/, '');
      const lines = text.trim().split('\r\n');
      expect(lines[0]).toBe(
        'industry,workshops,coverage_median,coverage_n,kpi,n,q1,median,q3,coverage_threshold,formula_version',
      );
      const row = lines.find((l) => l.startsWith('printing,8,,0,labour_productivity,8,'));
      expect(row, text).toBeDefined();
      expect(row).toMatch(/,0\.8,iso22400-2\//);

      await screenshot(page, 'evaluator-kpis-ko-desk');
      await expectAccessible(page, "the evaluator's KPI tables (ko)");
      await toEnglish(page);
      await page.getByRole('columnheader', { name: 'Median' }).first().waitFor();
      await screenshot(page, 'evaluator-kpis-en-desk');
      await expectAccessible(page, "the evaluator's KPI tables (en)");

      // A range without data says so, and what to do, rather than showing empty tables alone.
      await page.getByLabel('From', { exact: true }).fill('2024-01-01');
      await page.getByLabel('To', { exact: true }).fill('2024-01-31');
      const empty = page.waitForResponse((r) => r.url().includes('from=2024-01-01') && r.status() === 200);
      await page.getByRole('button', { name: 'Apply' }).click();
      await empty;
      await expect.poll(() => page.getByRole('status').textContent()).toContain('No data in this range yet.');
      expect(await page.getByTestId('kpi-workshops').locator('tbody tr').count()).toBe(9);
    } finally {
      await context.close();
    }
  });

  it('shows the stage gains with the event-time band, effects as percent change with N, and prints without navigation', async () => {
    const { context, page } = await desk();
    try {
      await evaluatorOn(page, '/evaluator/gains', '/api/v1/evaluation');
      const overall = page.getByTestId('overall-effect');
      await overall.waitFor();
      // log(level + 5) − log(level): about +20 % for these printers; the interval sits around it.
      const said = (await overall.textContent()) ?? '';
      const effect = Number(/^\+([\d.]+)%/.exec(said)?.[1]);
      expect(effect).toBeGreaterThan(12);
      expect(effect).toBeLessThan(30);
      expect(said).toMatch(/\[[+-][\d.]+%, \+[\d.]+%\]/);
      expect(said).toContain('N 전환 4');
      expect(said).toMatch(/N 비교 \d/);
      await page.getByTestId('event-chart').locator('canvas').first().waitFor();
      const events = page.getByTestId('event-table').locator('tbody tr');
      expect(await events.count()).toBeGreaterThan(3);
      expect(await page.getByTestId('cohort-table').locator('tbody tr').count()).toBe(2);
      // The pre-period check's result in a plain sentence: these printers share a trend in pieces,
      // not in logs, so in logs the groups already differed before the change, and the page says so.
      expect(await page.getByTestId('pre-check').textContent()).toMatch(
        /^전환 전부터 두 집단의 추세가 달랐습니다 \((p = 0\.0[0-4]\d|p < 0\.001)\)\. 이 추정은 편향됐을 수 있으니/,
      );
      const method = (await page.getByTestId('method').textContent()) ?? '';
      expect(method).toContain('아직 전환하지 않은 작업장');
      expect(method).toContain('999');
      expect(method).toContain('20211');
      expect(method).toContain('cs2021-did/');
      expect(method).toContain('iso22400-2/');
      expect(await page.getByRole('heading', { name: '작업장별 쪽의 "기술 통계"란' }).count()).toBe(1);
      await screenshot(page, 'evaluator-gains-ko-desk');
      await expectAccessible(page, "the evaluator's gains page (ko)");

      // Print: no navigation, no controls; a PDF comes out of Chromium.
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('nav.pages').isVisible()).toBe(false);
      expect(await page.locator('.controls').isVisible()).toBe(false);
      expect(await page.getByRole('heading', { level: 1 }).isVisible()).toBe(true);
      const pdf = await page.pdf({
        format: 'A4',
        printBackground: true,
        path: join(ARTIFACTS_DIR, 'evaluator-gains-ko.pdf'),
      });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(10_000);
      // How it lays out on paper: A4's printable width at 96 dpi.
      await page.setViewportSize({ width: 704, height: 1000 });
      await screenshot(page, 'evaluator-gains-print-ko');
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.emulateMedia({ media: 'screen' });
      expect(await page.locator('nav.pages').isVisible()).toBe(true);

      await toEnglish(page);
      await page.getByText('Overall effect').waitFor();
      expect(await overall.textContent()).toContain('N treated 4');
      await screenshot(page, 'evaluator-gains-en-desk');
      await expectAccessible(page, "the evaluator's gains page (en)");

      // 1→2: no printer entered stage 2; the page says so plainly, with what to do.
      const answered = page.waitForResponse((r) => r.url().includes('transition=1-2') && r.status() === 200);
      await page.getByLabel('Transition').selectOption('1-2');
      await answered;
      const none = page.getByTestId('no-estimate');
      await none.waitFor();
      expect(await none.textContent()).toContain('No workshop entered stage 2 inside the data window.');
      expect(await none.textContent()).toContain('Come back when more workshops have changed stage');
      expect(await overall.count()).toBe(0);
      await screenshot(page, 'evaluator-gains-insufficient-en-desk');
      await expectAccessible(page, "the evaluator's gains page without an estimate (en)");
      await page.getByLabel('한국어').check();
      await expect.poll(() => none.textContent()).toContain('기간 안에 2단계로 전환한 작업장이 없습니다.');
      await screenshot(page, 'evaluator-gains-insufficient-ko-desk');
    } finally {
      await context.close();
    }
  });

  it('says when the gains are of earlier data while the collector computes them again, then shows the new ones', async () => {
    const { context, page } = await desk();
    try {
      await evaluatorOn(page, '/evaluator/gains', '/api/v1/evaluation');
      await page.getByTestId('overall-effect').waitFor();
      expect(await page.getByTestId('stale-note').count()).toBe(0);
      // New data: one more paper-log day is computed, so the data version moves on.
      await registry.manualEntries.add(
        'p-e',
        { day: addDays(FIRST_DAY, 4), pq: 160, workS: 8 * 3600 },
        world.users.admin.id,
      );
      await engine.settle();
      const stale = page.waitForResponse(
        async (r) => r.url().includes('/api/v1/evaluation') && (await r.json()).stale === true,
      );
      await page.reload();
      await stale;
      const note = page.getByTestId('stale-note');
      await note.waitFor();
      expect(await note.textContent()).toMatch(
        /^아래 수치는 이전 자료로 .+에 계산한 것입니다\. 지금 새 자료로 다시 계산하고/,
      );
      // The figures stay on screen beside the note, and the page asks again until they are current.
      expect(await page.getByTestId('overall-effect').count()).toBe(1);
      await screenshot(page, 'evaluator-gains-stale-ko-desk');
      await expectAccessible(page, "the evaluator's gains page with figures of earlier data (ko)");
      await note.waitFor({ state: 'detached', timeout: 30_000 });
      expect(await page.getByTestId('overall-effect').count()).toBe(1);
    } finally {
      await context.close();
    }
  });

  it('keeps an owner out: no evaluator page in the navigation, the address leads home, the API answers 403', async () => {
    const { context, page } = await desk();
    try {
      const today = page.waitForResponse((r) => r.url().includes('/kpis?') && r.status() === 200);
      await signIn(page, base, 'owner', 'owner-password-1', '/evaluator/programme');
      await today;
      expect(new URL(page.url()).pathname).toBe('/owner/today');
      expect(await page.locator('a[href^="/evaluator"]').count()).toBe(0);
      for (const path of ['/api/v1/programme/coverage', '/api/v1/programme/kpis', '/api/v1/evaluation']) {
        const res = await page.request.get(`${base}${path}`);
        expect(res.status(), path).toBe(403);
      }
      // Opened by its address, another role's page says it is not allowed and links home; it shows nothing of its own.
      await page.goto(`${base}/evaluator/gains`);
      await page.getByTestId('not-allowed').waitFor();
      expect(await page.getByTestId('not-allowed').getByRole('link').getAttribute('href')).toBe('/owner/today');
      expect(await page.getByTestId('overall-effect').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
