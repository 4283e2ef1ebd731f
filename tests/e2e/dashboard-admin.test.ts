import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../packages/collector/src/compose/index.js';
import type { seed } from '../../packages/collector/test/integration/registry-fixtures.js';
import {
  expectAccessible,
  expectNoSideScroll,
  launchChromium,
  openPage,
  type PageOptions,
  screenshot,
  signIn,
} from './support/browser.js';
import { startCollector } from './support/collector.js';

const DAY = { start: '09:00', end: '18:00', breaks: [{ start: '12:00', end: '13:00' }] };

/**
 * The admin's pages and everyone's /account in headless Chromium against the real collector app
 * (buildApp on loopback) and its SQLite registry, as an admin and an owner use them.
 */
describe("the admin's pages in a browser", () => {
  let registry: Registry;
  let closeCollector: () => Promise<void>;
  let _app: FastifyInstance;
  let base: string;
  let browser: Browser;
  let world: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    // Room for the few wrong passwords these tests type on purpose (all from 127.0.0.1).
    ({
      registry,
      base,
      world,
      close: closeCollector,
    } = await startCollector({
      name: 'dashboard-admin',
      registry: { loginThrottle: { maxFailures: 20, windowMs: 60_000 } },
    }));
    await registry.calendars.set('ws-a', { weekly: { mon: DAY, tue: DAY, wed: DAY, thu: DAY, fri: DAY } });
    await registry.workshops.setStage('ws-a', { stage: 0, startedOn: '2025-01-01', level: 'ict_none' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await closeCollector?.();
  });

  async function session(
    username: string,
    password: string,
    opts: PageOptions = {},
    path = '/',
  ): Promise<{ context: BrowserContext; page: Page }> {
    const opened = await openPage(browser, { size: 'desk', ...opts });
    await signIn(opened.page, base, username, password, path);
    return opened;
  }
  const h1 = (page: Page) => page.getByRole('heading', { level: 1 });
  const status = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text });

  it('lets the admin create a user, with the API errors next to their fields, and the new user sign in', async () => {
    const { context, page } = await session('admin', 'admin-password-1');
    try {
      await page.waitForURL(`${base}/admin/users`);
      await expect.poll(() => h1(page).textContent()).toBe('사용자');
      const nav = page.getByRole('navigation');
      expect(await nav.getByRole('link').allTextContents()).toEqual(['사용자', '작업장', '내 계정']);
      await page.getByTestId('users-table').waitFor();
      for (const name of ['admin', 'eval', 'tech', 'owner']) {
        expect(await page.locator(`tr[data-username="${name}"]`).count(), name).toBe(1);
      }

      // Too short a name, and an owner without a workshop: both said next to their field.
      await page.locator('#new-username').fill('ab');
      await page.locator('#new-role').selectOption('owner');
      await page.getByRole('button', { name: '만들기' }).click();
      await page.locator('#new-username-error').waitFor();
      expect(await page.locator('#new-username').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#new-username-error').textContent()).toMatch(/3/);
      expect(await page.locator('#new-workshops-error').textContent()).toContain('exactly one workshop');
      // The keyboard focus goes to the first field named, so it is read out with its error.
      await expect.poll(() => page.evaluate<string | undefined>('document.activeElement?.id')).toBe('new-username');
      // An owner picks one workshop (radio buttons).
      expect(await page.locator('input[name="new-workshops"]').first().getAttribute('type')).toBe('radio');

      // A technician of two workshops, with a password the page generates and shows once.
      await page.locator('#new-username').fill('tech-two');
      await page.locator('#new-role').selectOption('technician');
      await page.locator('input[name="new-workshops"][value="ws-a"]').check();
      await page.locator('input[name="new-workshops"][value="ws-b"]').check();
      const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/users') && r.request().method() === 'POST');
      await page.getByRole('button', { name: '만들기' }).click();
      expect((await created).status()).toBe(201);
      const generated = (await page.getByTestId('generated-password').textContent()) ?? '';
      expect(generated).toMatch(/^[A-Za-z0-9]{16}$/);
      await page.locator('tr[data-username="tech-two"]').waitFor();
      expect(await page.locator('tr[data-username="tech-two"] td').nth(1).textContent()).toBe('ws-a, ws-b');
      expect(await page.locator('#new-username-error').count()).toBe(0);
      // The same name again is a conflict, said next to the name.
      await page.locator('#new-username').fill('tech-two');
      await page.getByRole('button', { name: '만들기' }).click();
      await expect.poll(() => page.locator('#new-username-error').textContent()).toContain('already exists');

      const other = await session('tech-two', generated);
      try {
        expect(await other.page.locator('.who').textContent()).toContain('tech-two');
      } finally {
        await other.context.close();
      }
    } finally {
      await context.close();
    }
  });

  it('disables a user, who is signed out at once and cannot sign in again', async () => {
    await registry.users.create({
      username: 'leaver',
      password: 'leaver-password-1',
      role: 'owner',
      workshopIds: ['ws-b'],
    });
    const leaver = await session('leaver', 'leaver-password-1', { size: 'phone' });
    const { context, page } = await session('admin', 'admin-password-1');
    try {
      await page.locator('tr[data-username="leaver"] a').click();
      await expect.poll(() => h1(page).textContent()).toBe('leaver');
      expect(await page.getByTestId('user-status').textContent()).toBe('사용 중');
      // A typed password that is too short: the API's error is said next to it.
      await page.getByLabel('직접 입력').check();
      await page.locator('#reset-password').fill('short');
      await page.getByRole('button', { name: '재설정' }).click();
      await expect.poll(() => page.locator('#reset-password-error').textContent()).toContain('10');
      await page.getByRole('button', { name: '사용 중지…' }).click();
      const disabled = page.waitForResponse((r) => r.url().endsWith('/disable'));
      await page.getByRole('button', { name: '네, 사용 중지' }).click();
      expect((await disabled).status()).toBe(204);
      await expect.poll(() => page.getByTestId('user-status').textContent()).toMatch(/^사용 중지 \(/);

      // The leaver's open session is gone: the next call answers 401 and the app says so.
      await leaver.page.getByRole('link', { name: '내 계정' }).click();
      await leaver.page.getByRole('alert').filter({ hasText: '세션이 끝났습니다' }).waitFor();
      const again = await openPage(browser, { size: 'desk' });
      try {
        await again.page.goto(`${base}/sign-in`);
        await again.page.locator('#username').fill('leaver');
        await again.page.locator('#password').fill('leaver-password-1');
        await again.page.getByRole('button', { name: '로그인' }).click();
        expect(await again.page.getByRole('alert').textContent()).toContain('틀립니다');
      } finally {
        await again.context.close();
      }
    } finally {
      await leaver.context.close();
      await context.close();
    }
  });

  it('creates a workshop, records a stage, shows the calendar, changes and deletes the workshop', async () => {
    const { context, page } = await session('admin', 'admin-password-1', {}, '/admin/workshops');
    try {
      await expect.poll(() => h1(page).textContent()).toBe('작업장');
      await page.getByTestId('workshops-table').waitFor();
      await page.locator('#create-workshop-id').fill('ws-bongik');
      await page.locator('#create-workshop-nameKo').fill('봉익 주얼리');
      await page.locator('#create-workshop-nameEn').fill('Bongik Jewelry');
      await page.locator('#create-workshop-industry').selectOption('jewelry');
      await page.locator('#create-workshop-cluster').fill('Bongik');
      await page.locator('#create-workshop-headcount').fill('3');
      await page.getByRole('button', { name: '만들기' }).click();
      await page.locator('tr[data-workshop="ws-bongik"]').waitFor();
      expect(await page.locator('tr[data-workshop="ws-bongik"]').textContent()).toContain('주얼리');
      // The list narrows as one types (by id, name, industry or cluster).
      await page.locator('#workshops-filter').fill('주얼리');
      await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
      expect(await page.getByTestId('workshops-filter-count').textContent()).toBe('3개 중 1개');
      await page.locator('#workshops-filter').fill('');
      // An id that exists: said next to the id.
      await page.locator('#create-workshop-id').fill('ws-a');
      await page.locator('#create-workshop-nameKo').fill('중복');
      await page.locator('#create-workshop-nameEn').fill('Duplicate');
      await page.getByRole('button', { name: '만들기' }).click();
      await expect.poll(() => page.locator('#create-workshop-id-error').textContent()).toContain('already exists');

      await page.locator('tr[data-workshop="ws-bongik"] a').click();
      await expect.poll(() => h1(page).textContent()).toContain('봉익 주얼리');
      await page.getByText('기록된 단계가 없습니다.').waitFor();
      await page.getByText('근무 달력이 아직 없습니다', { exact: false }).waitFor();
      // No start date: the API's error is said next to the date.
      await page.locator('#stage-no').selectOption('1');
      await page.getByRole('button', { name: '단계 기록' }).click();
      await page.locator('#stage-started-error').waitFor();
      await page.locator('#stage-started').fill('2026-03-02');
      await page.locator('#stage-measured').fill('2026-02-16');
      const put = page.waitForResponse((r) => r.url().endsWith('/stages/1') && r.request().method() === 'PUT');
      await page.getByRole('button', { name: '단계 기록' }).click();
      expect((await put).status()).toBe(200);
      await page.locator('tr[data-stage="1"]').waitFor();
      expect(await page.locator('tr[data-stage="1"]').textContent()).toContain('기초');
      expect(await registry.workshops.stages('ws-bongik')).toEqual([
        { stage: 1, startedOn: '2026-03-02', level: 'basic', measurementStartedOn: '2026-02-16' },
      ]);
      await page.getByRole('button', { name: '단계 1 자동화 지우기' }).click();
      await page.getByText('기록된 단계가 없습니다.').waitFor();
      expect(await registry.workshops.stages('ws-bongik')).toEqual([]);

      await page.locator('#edit-workshop-nameEn').fill('Bongik Gold');
      await page.getByRole('button', { name: '저장' }).click();
      await status(page, '작업장 정보를 저장했습니다.').waitFor();
      expect((await registry.workshops.get('ws-bongik')).nameEn).toBe('Bongik Gold');

      await page.getByRole('button', { name: '작업장 지우기…' }).click();
      await page.getByRole('button', { name: '네, 지우기' }).click();
      await page.waitForURL(`${base}/admin/workshops`);
      await page.getByTestId('workshops-table').waitFor();
      expect(await page.locator('tr[data-workshop="ws-bongik"]').count()).toBe(0);
      expect(await registry.workshops.find('ws-bongik')).toBeUndefined();

      // A workshop with a calendar shows it in short.
      await page.goto(`${base}/admin/workshops/ws-a`);
      await page.getByTestId('calendar-table').waitFor();
      expect(await page.getByTestId('calendar-table').textContent()).toContain('09:00–18:00 (12:00–13:00)');
      expect(await page.getByTestId('stages-table').textContent()).toContain('ICT 미적용');
      // A workshop with an agent is kept, and the page says why.
      await page.getByRole('button', { name: '작업장 지우기…' }).click();
      await page.getByRole('button', { name: '네, 지우기' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('에이전트가 남아 있습니다');
      expect(new URL(page.url()).pathname).toBe('/admin/workshops/ws-a');
    } finally {
      await context.close();
    }
  });

  it('creates an API token whose secret appears once, that works until it is revoked', async () => {
    const { context, page } = await session('admin', 'admin-password-1', {}, '/account');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    try {
      await expect.poll(() => h1(page).textContent()).toBe('내 계정');
      await page.locator('#token-name').fill('monthly report');
      await page.getByRole('button', { name: '토큰 만들기' }).click();
      const secret = (await page.getByTestId('token-secret').textContent()) ?? '';
      expect(secret).toMatch(/^gbu_/);
      await page.getByTestId('token-created').getByRole('button', { name: '복사' }).click();
      await status(page, '토큰 "monthly report"을(를) 만들었습니다.').waitFor();
      expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(secret);
      const me = await fetch(`${base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
      expect(me.status).toBe(200);

      // Once: after a reload the page and the list answer hold no secret.
      await page.reload();
      await page.locator('tr[data-token="monthly report"]').waitFor();
      expect(await page.content()).not.toContain(secret);
      expect(await page.getByTestId('token-secret').count()).toBe(0);
      const list = await page.request.get(`${base}/api/v1/auth/api-tokens`);
      expect(await list.text()).not.toContain(secret);

      await page.getByRole('button', { name: '"monthly report" 폐기' }).click();
      await expect
        .poll(() => page.locator('tr[data-token="monthly report"]').getAttribute('data-revoked'))
        .toBe('true');
      const after = await fetch(`${base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
      expect(after.status).toBe(401);
    } finally {
      await context.close();
    }
  });

  it('gives an owner no admin page (nav, API 403, the page says so) but the account page', async () => {
    await registry.users.create({
      username: 'owner-pw',
      password: 'owner-pw-password-1',
      role: 'owner',
      workshopIds: ['ws-a'],
    });
    const { context, page } = await session('owner-pw', 'owner-pw-password-1', { size: 'phone' });
    try {
      await page.waitForURL(`${base}/owner/today`);
      const links = await page.getByRole('navigation').getByRole('link').allTextContents();
      expect(links).toContain('내 계정');
      expect(links).not.toContain('사용자');
      expect(links).not.toContain('작업장');
      expect((await page.request.get(`${base}/api/v1/users`)).status()).toBe(403);
      expect((await page.request.get(`${base}/api/v1/workshops/ws-b`)).status()).toBe(404);

      for (const path of ['/admin/users', '/admin/workshops/ws-a']) {
        await page.goto(`${base}${path}`);
        await page.getByTestId('not-allowed').waitFor();
        expect(await page.getByTestId('not-allowed').textContent(), path).toContain('403');
        expect(new URL(page.url()).pathname).toBe(path);
        expect(await page.getByTestId('users-table').count()).toBe(0);
      }

      await page.getByRole('navigation').getByRole('link', { name: '내 계정' }).click();
      await expect.poll(() => h1(page).textContent()).toBe('내 계정');
      // A wrong current password and a mistyped repeat are said next to their fields.
      await page.locator('#current-password').fill('not-my-password');
      await page.locator('#new-own-password').fill('owner-pw-new-password');
      await page.locator('#confirm-own-password').fill('owner-pw-other-password');
      await page.getByRole('button', { name: '바꾸기' }).click();
      expect(await page.locator('#confirm-own-password-error').textContent()).toBe('새 비밀번호가 서로 다릅니다.');
      await page.locator('#confirm-own-password').fill('owner-pw-new-password');
      await page.getByRole('button', { name: '바꾸기' }).click();
      await expect
        .poll(() => page.locator('#current-password-error').textContent())
        .toContain('현재 비밀번호가 틀립니다');
      await page.locator('#current-password').fill('owner-pw-password-1');
      await page.getByRole('button', { name: '바꾸기' }).click();
      await status(page, '비밀번호를 바꿨습니다.').waitFor();
      await expectNoSideScroll(page);
      // Still signed in here; the new password works on another device.
      const other = await session('owner-pw', 'owner-pw-new-password');
      await other.context.close();
    } finally {
      await context.close();
    }
  });

  it('passes axe on every page, ko and en, desk and 360 px, and saves screenshots', async () => {
    const tech = world.users.technician.id;
    const pages = [
      ['users', '/admin/users', 'users-table'],
      ['user', `/admin/users/${tech}`, 'user-status'],
      ['workshops', '/admin/workshops', 'workshops-table'],
      ['workshop', '/admin/workshops/ws-a', 'calendar-table'],
      ['account', '/account', 'tokens-table'],
    ] as const;
    for (const size of ['desk', 'phone'] as const) {
      const { context, page } = await session('admin', 'admin-password-1', { size });
      try {
        for (const lang of ['ko', 'en'] as const) {
          if (lang === 'en') {
            await page.getByLabel('English').check();
            await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
          }
          for (const [name, path, ready] of pages) {
            await page.goto(`${base}${path}`);
            await page.getByTestId(ready).waitFor();
            await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(lang);
            if (size === 'phone') await expectNoSideScroll(page);
            await screenshot(page, `admin-${name}-${lang}-${size === 'desk' ? 'desk' : '360'}`);
            await expectAccessible(page, `${path} (${lang}, ${size})`);
          }
        }
        expect(await h1(page).textContent()).toBe('My account');
      } finally {
        await context.close();
      }
    }
  });
});
