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
  signIn as signInAs,
} from './support/browser.js';
import { startCollector, WEEKDAYS_9_TO_6 } from './support/collector.js';

// A Wednesday noon in Seoul: the collector's clock and the browser's.
const NOW = kst('2026-03-04 12:00');

/**
 * The dashboard in headless Chromium against the real collector app (buildApp, listening on
 * loopback), its registry, readings ingested as an agent sends them and the KPI engine settled.
 */
describe('the dashboard in a browser', () => {
  let registry: Registry;
  let closeCollector: () => Promise<void>;
  let app: FastifyInstance;
  let engine: KpiEngine;
  let world: Awaited<ReturnType<typeof seed>>;
  let base: string;
  let browser: Browser;
  const agentA = new ReadingBuilder();

  beforeAll(async () => {
    ({
      registry,
      app,
      engine,
      base,
      world,
      close: closeCollector,
    } = await startCollector({ name: 'dashboard-e2e', nowMs: NOW }));

    // ws-a: a press running since 08:30, 900 pieces by noon, 20 of them scrap; full coverage.
    await registry.calendars.set('ws-a', { weekly: WEEKDAYS_9_TO_6 });
    await registry.machines.put('ws-a', {
      id: 'm1',
      name: 'Press 1',
      defaultPruS: 10,
      counts: [
        { source: 'm1', channel: 'pieces', meaning: 'produced' },
        { source: 'm1', channel: 'rejects', meaning: 'scrap' },
      ],
    });
    agentA.heartbeats(kst('2026-03-04 08:00'), NOW);
    agentA.state(kst('2026-03-04 08:30'), 'm1', 'running');
    agentA.count(kst('2026-03-04 10:00'), 'm1', 'pieces', 400);
    agentA.count(kst('2026-03-04 11:00'), 'm1', 'pieces', 500);
    agentA.count(kst('2026-03-04 11:30'), 'm1', 'rejects', 20);
    await ingest(app, 'agent-a', world.agentTokens.a, agentA.readings, NOW);

    // ws-b: the agent was heard 09:00–10:00 only, so a third of the morning is covered.
    await registry.users.create({
      username: 'owner-b',
      password: 'owner-b-password-1',
      role: 'owner',
      workshopIds: ['ws-b'],
    });
    await registry.calendars.set('ws-b', { weekly: WEEKDAYS_9_TO_6 });
    await registry.machines.put('ws-b', { id: 'm2', name: 'Sewing 2', defaultPruS: 10, counts: [] });
    const agentB = new ReadingBuilder();
    agentB.heartbeats(kst('2026-03-04 09:00'), kst('2026-03-04 10:00'));
    agentB.state(kst('2026-03-04 09:00'), 'm2', 'running');
    await ingest(app, 'agent-b', world.agentTokens.b, agentB.readings, NOW);
    await engine.settle();

    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await closeCollector?.();
  });

  const phone = (): Promise<{ context: BrowserContext; page: Page }> => openPage(browser, { nowMs: NOW });

  async function signIn(page: Page, username: string, password: string): Promise<void> {
    const kpis = page.waitForResponse((r) => r.url().includes('/kpis?') && r.status() === 200);
    await signInAs(page, base, username, password);
    await kpis;
    await page.getByTestId('today-figures').waitFor();
  }

  const figure = (page: Page, kpi: string) => page.locator(`[data-kpi="${kpi}"] .value`);

  it("signs the owner in and shows today's figures in Korean, then in English, at 360 px", async () => {
    const { context, page } = await phone();
    try {
      await signIn(page, 'owner', 'owner-password-1');
      expect(new URL(page.url()).pathname).toBe('/owner/today');
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('ko');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('오늘');
      expect(await page.getByText('생산수량 (PQ)').count()).toBe(1);
      expect(await page.getByText('시간가동률').count()).toBe(1);
      expect(await figure(page, 'pq').textContent()).toBe('900');
      expect(await figure(page, 'gq').textContent()).toBe('880');
      // 09:00–12:00 planned and running; 900 × 10 s / 3 h; 880 / 900.
      expect(await figure(page, 'availability').textContent()).toBe('100.0%');
      expect(await figure(page, 'performance').textContent()).toBe('83.3%');
      expect(await figure(page, 'quality_ratio').textContent()).toBe('97.8%');
      expect(await figure(page, 'oee').textContent()).toBe('81.5%');
      // The update time is Seoul's noon although the browser is in Berlin.
      await expect.poll(() => page.locator('.foot').textContent()).toContain('오후 12:00:00');
      // Nothing wider than the phone.
      await expectNoSideScroll(page);
      await screenshot(page, 'owner-today-ko-360');
      await expectAccessible(page, "the owner's today page (ko)");

      // New pieces arrive; the page shows them at its next refresh (every 10 s).
      agentA.count(kst('2026-03-04 11:45'), 'm1', 'pieces', 100);
      await ingest(app, 'agent-a', world.agentTokens.a, agentA.readings.slice(-1), NOW);
      await engine.settle();
      await page.waitForResponse((r) => r.url().includes('/kpis?') && r.status() === 200, { timeout: 15_000 });
      await expect.poll(() => figure(page, 'pq').textContent()).toBe('1,000');

      await page.getByLabel('English').check();
      await page.getByText('Availability').waitFor();
      // <html lang> follows in an effect after the render.
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Today');
      expect(await page.getByText('Pieces made (PQ)').count()).toBe(1);
      await expect.poll(() => page.locator('.foot').textContent()).toContain('12:00:00 PM');
      expect(await page.evaluate<string | null>("localStorage.getItem('gongbang.lang')")).toBe('en');
      await expectNoSideScroll(page);
      await screenshot(page, 'owner-today-en-360');
      await expectAccessible(page, "the owner's today page (en)");

      // A reload keeps the language and the session (the collector serves /owner/today itself).
      await page.reload();
      await page.getByTestId('today-figures').waitFor();
      expect(await page.getByText('Good pieces (GQ)').count()).toBe(1);
      expect(await figure(page, 'oee').textContent()).toMatch(/%$/);
    } finally {
      await context.close();
    }
  });

  it('shows "insufficient data" as such, never a number, when coverage is low', async () => {
    const { context, page } = await phone();
    try {
      await signIn(page, 'owner-b', 'owner-b-password-1');
      const availability = page.locator('[data-kpi="availability"]');
      expect(await availability.getAttribute('data-status')).toBe('insufficient_data');
      expect(await figure(page, 'availability').textContent()).toBe('자료 부족');
      expect(await figure(page, 'oee').textContent()).not.toMatch(/\d/);
      // Its only machine has had no data since 10:05: the page says what to do about it.
      await page.getByTestId('no-data-hint').waitFor();
      expect(await page.locator('[data-machine="m2"]').getAttribute('data-state')).toBe('no_data');
      expect(await page.getByTestId('no-data-hint').textContent()).toContain('기술자');
    } finally {
      await context.close();
    }
  });

  it('works from the keyboard alone: skip link, sign-in, navigation by Tab and Enter', async () => {
    const { context, page } = await phone();
    try {
      await page.goto(`${base}/`);
      await page.getByLabel('아이디').waitFor();
      // The first Tab reaches the skip link, and it is shown when focused.
      await page.keyboard.press('Tab');
      expect(await page.evaluate<string | null>('document.activeElement?.textContent ?? null')).toBe(
        '본문으로 건너뛰기',
      );
      // Into the form by Tab, typed, sent with Enter.
      for (let i = 0; i < 10; i++) {
        if (
          (await page.evaluate<string | null>("document.activeElement?.getAttribute('autocomplete') ?? null")) ===
          'username'
        )
          break;
        await page.keyboard.press('Tab');
      }
      await page.keyboard.type('owner');
      await page.keyboard.press('Tab');
      await page.keyboard.type('owner-password-1');
      const kpis = page.waitForResponse((r) => r.url().includes('/kpis?') && r.status() === 200);
      await page.keyboard.press('Enter');
      await kpis;
      await page.getByTestId('today-figures').waitFor();
      // A navigation link reached by Tab and followed with Enter.
      for (let i = 0; i < 20; i++) {
        await page.keyboard.press('Tab');
        if ((await page.evaluate<string | null>('document.activeElement?.textContent ?? null')) === '정지 사유') break;
      }
      await page.keyboard.press('Enter');
      await expect.poll(() => new URL(page.url()).pathname).toBe('/owner/stops');
    } finally {
      await context.close();
    }
  });

  it('refuses a wrong password with a message, and needs a session for the figures', async () => {
    const { context, page } = await phone();
    try {
      await page.goto(`${base}/owner/today`);
      await page.getByLabel('아이디').fill('owner');
      await page.getByLabel('비밀번호').fill('not-the-password');
      await page.getByRole('button', { name: '로그인' }).click();
      expect(await page.getByRole('alert').textContent()).toContain('틀립니다');
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      const res = await page.request.get(`${base}/api/v1/workshops/ws-a/kpis`);
      expect(res.status()).toBe(401);
    } finally {
      await context.close();
    }
  });
});
