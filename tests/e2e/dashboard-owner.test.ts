import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../packages/collector/src/compose/index.js';
import type { KpiEngine } from '../../packages/collector/src/metrics/index.js';
import { ingest } from '../../packages/collector/test/integration/kpi-fixtures.js';
import type { seed } from '../../packages/collector/test/integration/registry-fixtures.js';
import { kst, ReadingBuilder } from '../../packages/collector/test/support/metrics-readings.js';
import {
  expectAccessible,
  expectNoSideScroll,
  launchChromium,
  openPage,
  screenshot,
  signIn,
} from './support/browser.js';
import { startCollector, WEEKDAYS_9_TO_6 } from './support/collector.js';

// A Wednesday noon in Seoul: the collector's clock and the browser's.
const NOW = kst('2026-03-04 12:00');

/** Wednesdays from `first`, `n` of them (YYYY-MM-DD). */
const wednesdays = (first: string, n: number): string[] =>
  Array.from({ length: n }, (_, k) =>
    new Date(Date.parse(`${first}T00:00:00Z`) + k * 7 * 86_400_000).toISOString().slice(0, 10),
  );

/**
 * The owner's pages in headless Chromium, phone-sized, against the real collector app, its
 * registry, readings ingested as an agent sends them, and the KPI engine settled.
 */
describe("the owner's pages in a browser", () => {
  let registry: Registry;
  let closeCollector: () => Promise<void>;
  let app: FastifyInstance;
  let engine: KpiEngine;
  let world: Awaited<ReturnType<typeof seed>>;
  let base: string;
  let browser: Browser;
  const agent = new ReadingBuilder();

  beforeAll(async () => {
    ({
      registry,
      app,
      engine,
      base,
      world,
      close: closeCollector,
    } = await startCollector({ name: 'dashboard-owner', nowMs: NOW }));

    await registry.calendars.set('ws-a', { weekly: WEEKDAYS_9_TO_6 });
    await registry.machines.put('ws-a', {
      id: 'm1',
      name: 'Press 1',
      defaultPruS: 10,
      counts: [{ source: 'm1', channel: 'pieces', meaning: 'produced' }],
    });
    await registry.machines.put('ws-a', { id: 'm2', name: 'Sewing 2', defaultPruS: null, counts: [] });
    await registry.workshops.setStage('ws-a', { stage: 0, startedOn: '2025-09-01', level: 'ict_none' });
    await registry.workshops.setStage('ws-a', { stage: 1, startedOn: '2026-01-05', level: 'basic' });

    // Today: m1 runs from 08:30, a 20-minute fault at 10:00 (a stop to classify) and a
    // 1-minute one at 10:40 (a minor stop); 60 pieces every 10 minutes (10 s cycles). m2 idles.
    agent.heartbeats(kst('2026-03-04 08:00'), NOW);
    agent.state(kst('2026-03-04 08:30'), 'm1', 'running');
    agent.state(kst('2026-03-04 10:00'), 'm1', 'fault');
    agent.state(kst('2026-03-04 10:20'), 'm1', 'running');
    agent.state(kst('2026-03-04 10:40'), 'm1', 'fault');
    agent.state(kst('2026-03-04 10:41'), 'm1', 'running');
    agent.state(kst('2026-03-04 09:00'), 'm2', 'idle');
    for (let t = kst('2026-03-04 09:10'); t < NOW; t += 600_000) {
      if (t >= kst('2026-03-04 10:00') && t < kst('2026-03-04 10:30')) continue;
      agent.count(t, 'm1', 'pieces', 60);
    }
    await ingest(app, 'agent-a', world.agentTokens.a, agent.readings, NOW);

    // The paper log of the weeks around the stage start: 10 good pieces per worker-hour
    // before, about 12 after.
    for (const [k, day] of wednesdays('2025-11-12', 16).entries()) {
      const after = day >= '2026-01-05';
      await registry.manualEntries.add(
        'ws-a',
        { day, pq: (after ? 480 : 400) + k, workS: 40 * 3600 },
        world.users.owner.id,
      );
    }
    await engine.settle();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await closeCollector?.();
  });

  const phone = (): Promise<{ context: BrowserContext; page: Page }> => openPage(browser, { nowMs: NOW });

  /** Signs the owner in and opens `path` through the navigation, as a person taps it. */
  async function ownerAt(page: Page, linkKo: string | null): Promise<void> {
    await signIn(page, base, 'owner', 'owner-password-1');
    await page.getByTestId('today-figures').waitFor();
    if (linkKo) await page.getByRole('navigation').getByRole('link', { name: linkKo }).click();
  }

  async function toEnglish(page: Page, marker: string): Promise<void> {
    await page.getByLabel('English').check();
    await page.getByText(marker).first().waitFor();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
  }

  it('shows today: machine states now, the timeline, the plan and cycle times; updates within 10 s', async () => {
    const { context, page } = await phone();
    try {
      await ownerAt(page, null);
      const now = page.getByTestId('machines-now');
      await now.locator('[data-machine="m2"]').waitFor();
      expect(await now.locator('[data-machine="m1"]').getAttribute('data-state')).toBe('running');
      expect(await now.locator('[data-machine="m1"] .machine-state').textContent()).toBe('가동');
      expect(await now.locator('[data-machine="m2"] .machine-state').textContent()).toBe('대기');
      // m1's band: no data before 08:00, then running, the fault, running again.
      const band = page.getByTestId('timeline-m1').locator('.seg');
      expect(await band.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual([
        'no_data',
        'running',
        'fault',
        'running',
        'fault',
        'running',
      ]);
      // The same in a table for screen readers.
      await page.getByText('표로 보기').click();
      expect(await page.locator('.as-table tbody tr').count()).toBe(8);
      expect(await page.locator('.as-table').textContent()).toContain('10:00');
      // 09:00–12:00 planned at 10 s a piece: 1,080 so far, 3,240 for the day; 14 × 60 made.
      expect(await page.getByTestId('plan-produced').textContent()).toBe('840');
      expect(await page.getByTestId('plan-target-now').textContent()).toContain('1,080');
      expect(await page.getByTestId('plan-target-day').textContent()).toBe('3,240');
      // Sewing 2 has no planned run time per unit: no target of its own, left out of both sides.
      expect(await page.getByTestId('plan-machines').textContent()).toContain('Press 1');
      expect(await page.getByTestId('plan-machines').textContent()).not.toContain('Sewing 2');
      expect(await page.locator('[data-testid="cycle-times"] [data-machine="m1"]').textContent()).toContain('10');
      await expectNoSideScroll(page);
      await screenshot(page, 'owner-today-full-ko-360');
      await expectAccessible(page, "the owner's today page with machines (ko)");

      // m2 breaks down: the page shows it at its next refresh (every 10 s).
      // Its sequence number goes on from the first batch's (the agent's own counter).
      const [fault] = new ReadingBuilder().state(NOW - 30_000, 'm2', 'fault').readings;
      await ingest(app, 'agent-a', world.agentTokens.a, [{ ...fault!, seq: agent.readings.length + 1 }], NOW);
      await page.waitForResponse((r) => r.url().includes('/machine-states') && r.status() === 200, {
        timeout: 15_000,
      });
      await expect
        .poll(() => now.locator('[data-machine="m2"]').getAttribute('data-state'), { timeout: 5_000 })
        .toBe('fault');

      await toEnglish(page, 'Machines now');
      expect(await now.locator('[data-machine="m2"] .machine-state').textContent()).toBe('Fault');
      expect(await page.getByTestId('plan-note').textContent()).toContain('planned run time per unit');
      await expectNoSideScroll(page);
      await screenshot(page, 'owner-today-full-en-360');
      await expectAccessible(page, "the owner's today page with machines (en)");
    } finally {
      await context.close();
    }
  });

  it('classifies a stop with one tap; the API then shows its reason', async () => {
    const { context, page } = await phone();
    try {
      await ownerAt(page, '정지 사유');
      const todo = page.getByTestId('stops-todo');
      await todo.locator('.stop').first().waitFor();
      expect(await todo.locator('.stop').count()).toBe(1);
      const stop = todo.locator('.stop[data-machine="m1"]');
      expect(await stop.textContent()).toContain('10:00–10:20');
      // The minute-long fault is a minor stop: apart, without buttons.
      expect(await page.getByTestId('stops-minor').textContent()).toContain('10:40–10:41');
      await expectNoSideScroll(page);
      await screenshot(page, 'owner-stops-ko-360');
      await expectAccessible(page, "the owner's stops page (ko)");

      const saved = page.waitForResponse((r) => r.url().endsWith('/stops/reason') && r.request().method() === 'PUT');
      await stop.getByRole('button', { name: '고장' }).click();
      expect((await saved).status()).toBe(200);
      await expect.poll(() => page.getByTestId('stop-status').textContent()).toContain('고장');
      await page.getByTestId('stops-done').locator('.stop').first().waitFor();
      expect(await todo.locator('.stop').count()).toBe(0);
      expect(await page.getByTestId('stop-reason').textContent()).toContain('고장');

      // The API (as this same session) has the reason, and so do the stops once the day is computed.
      const reasons = await page.request.get(
        `${base}/api/v1/workshops/ws-a/stop-reasons?from=${kst('2026-03-04 00:00')}&to=${NOW}`,
      );
      expect((await reasons.json()).reasons).toMatchObject([
        { machineId: 'm1', startMs: kst('2026-03-04 10:00'), endMs: kst('2026-03-04 10:20'), reason: 'breakdown' },
      ]);
      await engine.settle();
      const stops = await page.request.get(`${base}/api/v1/workshops/ws-a/stops?from=2026-03-04&to=2026-03-04`);
      expect((await stops.json()).stops).toMatchObject([{ machineId: 'm1', reason: 'breakdown', reasonSource: 'api' }]);

      await toEnglish(page, 'Stops with a reason');
      expect(await page.getByTestId('stop-reason').textContent()).toContain('Breakdown');
      await expectNoSideScroll(page);
      await screenshot(page, 'owner-stops-en-360');
      await expectAccessible(page, "the owner's stops page (en)");
    } finally {
      await context.close();
    }
  });

  it('shows the weekly trend with the stage start, the peers rule and the descriptive before/after', async () => {
    const { context, page } = await phone();
    try {
      await ownerAt(page, '주간 추이');
      await page.getByTestId('trend-table').waitFor();
      await page.getByTestId('trend-chart').locator('canvas').waitFor();
      // 16 weeks of paper log and this week's device data.
      expect(await page.getByTestId('trend-table').locator('tbody tr').count()).toBe(17);
      expect(await page.getByTestId('stages').textContent()).toContain('1단계');
      // No other printing workshop contributes: the median is withheld, and the page says why.
      expect(await page.getByTestId('peers').locator('[data-kpi="oee"]').getAttribute('data-withheld')).toBe('true');
      expect(await page.getByTestId('peers').textContent()).toContain('5곳 이상 필요');
      // The change since stage 1 beside the peers' median change: the page shows what the API says.
      const gains = page.getByTestId('peer-gains');
      await gains.waitFor();
      const said = await (await page.request.get(`${base}/api/v1/workshops/ws-a/peer-gains`)).json();
      expect(said.stage).toEqual({ stage: 1, startedOn: '2026-01-05' });
      const lp = said.kpis.labour_productivity;
      expect(lp.own).not.toBeNull();
      const shown = new Intl.NumberFormat('ko-KR', {
        style: 'percent',
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
        signDisplay: 'exceptZero',
      }).format(lp.own.change);
      expect(await gains.locator('[data-kpi="labour_productivity"] td').first().textContent()).toBe(shown);
      expect(await gains.locator('[data-kpi="labour_productivity"]').getAttribute('data-withheld')).toBe('true');
      expect(await gains.textContent()).toContain('인과 추정이 아닙니다');
      const desc = page.getByTestId('descriptive');
      await desc.waitFor();
      expect(await desc.textContent()).toContain('인과 아님');
      expect(await desc.textContent()).toContain('N = 8');
      await expectNoSideScroll(page);
      await screenshot(page, 'owner-trend-ko-360');
      await expectAccessible(page, "the owner's trend page (ko)");

      await toEnglish(page, 'Weekly trend');
      expect(await desc.textContent()).toContain('not causal');
      await expectNoSideScroll(page);
      await screenshot(page, 'owner-trend-en-360');
      await expectAccessible(page, "the owner's trend page (en)");
    } finally {
      await context.close();
    }
  });

  it("enters a day's counts: an error beside its field, then a valid entry, then a delete", async () => {
    const { context, page } = await phone();
    try {
      await ownerAt(page, '작업일지');
      await page.getByTestId('field-pq').fill('10');
      await page.getByTestId('field-sq').fill('20');
      const refused = page.waitForResponse(
        (r) => r.url().endsWith('/manual-entries') && r.request().method() === 'POST',
      );
      await page.getByRole('button', { name: '저장' }).click();
      expect((await refused).status()).toBe(400);
      await expect
        .poll(() => page.getByTestId('error-sq').textContent())
        .toBe('폐기와 재작업의 합이 생산수량보다 많습니다');
      expect(await page.getByTestId('field-sq').getAttribute('aria-invalid')).toBe('true');
      await expectNoSideScroll(page);
      await screenshot(page, 'owner-entry-error-ko-360');
      await expectAccessible(page, "the owner's entry page with an error (ko)");
      // The error and the status follow a change of language.
      await page.getByLabel('English').check();
      await expect.poll(() => page.getByTestId('error-sq').textContent()).toBe('sq + rq is more than pq');
      expect(await page.getByTestId('entry-status').textContent()).toBe('Please check the entry.');
      await page.getByLabel('한국어').check();
      await expect.poll(() => page.getByTestId('error-sq').textContent()).toContain('폐기와 재작업');

      await page.getByTestId('field-pq').fill('120');
      await page.getByTestId('field-sq').fill('5');
      await page.getByTestId('field-workS').fill('8');
      const stored = page.waitForResponse(
        (r) => r.url().endsWith('/manual-entries') && r.request().method() === 'POST',
      );
      await page.getByRole('button', { name: '저장' }).click();
      expect((await stored).status()).toBe(201);
      await page.getByTestId('entries').locator('tbody tr').first().waitFor();
      expect(await page.getByTestId('entries').locator('tbody tr').first().textContent()).toContain('120');
      const listed = await page.request.get(
        `${base}/api/v1/workshops/ws-a/manual-entries?from=2026-03-04&to=2026-03-04`,
      );
      expect((await listed.json()).entries).toMatchObject([{ pq: 120, sq: 5, workS: 8 * 3600 }]);

      await toEnglish(page, 'Daily log entry');
      expect(await page.getByTestId('entry-status').textContent()).toBe('Saved.');
      await expectNoSideScroll(page);
      await screenshot(page, 'owner-entry-en-360');
      await expectAccessible(page, "the owner's entry page (en)");

      await page.getByRole('button', { name: 'Delete the entry of 120 pieces' }).click();
      await page.getByText('No entries on this day.').waitFor();
      const after = await page.request.get(
        `${base}/api/v1/workshops/ws-a/manual-entries?from=2026-03-04&to=2026-03-04`,
      );
      expect((await after.json()).entries).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('lays every owner page out on a desktop too', async () => {
    const { context, page } = await openPage(browser, { nowMs: NOW, size: 'desk' });
    try {
      await ownerAt(page, null);
      const pages = [
        ['today', 'machines-now'],
        ['stops', 'stop-status'],
        ['trend', 'trend-table'],
        ['entry', 'entry-status'],
      ] as const;
      for (const [k, [name, marker]] of pages.entries()) {
        await page.getByRole('navigation').getByRole('link').nth(k).click();
        await page.getByTestId(marker).waitFor({ state: 'attached' });
        await expectNoSideScroll(page);
        await screenshot(page, `owner-${name}-ko-desk`);
      }
    } finally {
      await context.close();
    }
  });

  it("gives the owner of one workshop nothing of another's, in the pages and the API", async () => {
    const { context, page } = await phone();
    try {
      await ownerAt(page, null);
      for (const path of ['/owner/today', '/owner/stops', '/owner/trend', '/owner/entry']) {
        await page.goto(`${base}${path}?w=ws-b`);
        await page.getByTestId('not-yours').waitFor();
        expect(await page.locator('main').textContent()).not.toContain('Sewing');
      }
      await screenshot(page, 'owner-not-yours-ko-360');
      await expectAccessible(page, 'an owner page of another workshop');
      for (const url of [
        '/api/v1/workshops/ws-b/machine-states',
        '/api/v1/workshops/ws-b/stops',
        '/api/v1/workshops/ws-b/kpis?granularity=week&peers=true',
        '/api/v1/workshops/ws-b/peer-gains',
        '/api/v1/workshops/ws-b%2F..%2Fws-a/machine-states',
      ]) {
        const res = await page.request.get(`${base}${url}`);
        expect([400, 403, 404], url).toContain(res.status());
      }
      const put = await page.request.put(`${base}/api/v1/workshops/ws-b/stops/reason`, {
        data: { machineId: 'm2', startMs: kst('2026-03-04 10:00'), endMs: kst('2026-03-04 10:20'), reason: 'setup' },
      });
      expect([403, 404]).toContain(put.status());
    } finally {
      await context.close();
    }
  });
});
