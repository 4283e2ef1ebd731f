import type { Reading } from '@gongbang/shared';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../packages/collector/src/compose/index.js';
import { ingest } from '../../packages/collector/test/integration/kpi-fixtures.js';
import type { seed } from '../../packages/collector/test/integration/registry-fixtures.js';
import {
  expectAccessible,
  expectNoSideScroll,
  launchChromium,
  openPage,
  screenshot,
  signIn,
} from './support/browser.js';
import { startCollector } from './support/collector.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON answers read in assertions
type Json = Record<string, any>;

const SCANNER = (baudRate: number | string) => ({
  id: 'scanner-1',
  type: 'serial-scanner',
  port: '/dev/ttyACM0',
  baudRate,
});
const CONFIG_V1 = { agent: { id: 'agent-a' }, inputs: [SCANNER(9600)] };
const CONFIG_V1_YAML =
  'agent:\n  id: agent-a\ninputs:\n  - id: scanner-1\n    type: serial-scanner\n    port: /dev/ttyACM0\n    baudRate: 9600\n';

/** Readings of one agent as it sends them, numbered from `firstSeq`. */
function numbered(readings: Array<Record<string, unknown>>, firstSeq: number): Reading[] {
  return readings.map((r, i) => ({ timeSource: 'agent', seq: firstSeq + i, ...r }) as unknown as Reading);
}

const health = (ts: number, figures: Record<string, unknown>) => ({
  ts,
  source: 'agent',
  kind: 'health',
  agentVersion: '0.3.1',
  uptimeS: 7200,
  spoolDepth: 0,
  spoolOldestAgeMs: null,
  deadLetters: 0,
  clockOffsetMs: null,
  inputs: [],
  ...figures,
});

/**
 * The technician's pages in headless Chromium against the real collector app: agents that sent
 * heartbeats and health readings through the real routes, enrollment codes, the remote config
 * editor against the collector's own validation, and nothing of another workshop.
 */
describe("the technician's pages in a browser", () => {
  let registry: Registry;
  let closeCollector: () => Promise<void>;
  let app: FastifyInstance;
  let world: Awaited<ReturnType<typeof seed>>;
  let base: string;
  let browser: Browser;
  const t0 = Date.now();

  const asTech = { authorization: '' };
  const apiGet = async (url: string): Promise<{ status: number; body: Json }> => {
    const res = await app.inject({ method: 'GET', url, headers: asTech });
    return { status: res.statusCode, body: res.json() as Json };
  };

  beforeAll(async () => {
    ({ registry, app, base, world, close: closeCollector } = await startCollector({ name: 'dashboard-tech' }));
    asTech.authorization = `Bearer ${world.tokens.technician}`;

    // ws-a: agent-a runs config v1 and beats; agent-a2 was created but never heard from.
    await registry.agents.create('agent-a2', 'ws-a');
    await registry.remoteConfigs.put('agent-a', CONFIG_V1, 'tech');
    const beat = async (token: string, body: Json) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/agent/heartbeat',
        headers: { authorization: `Bearer ${token}` },
        payload: body,
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    await beat(world.agentTokens.a, { agentVersion: '0.3.1', appliedConfigVersion: 1 });
    const scans = Array.from({ length: 10 }, (_, i) => ({
      ts: t0 - 4 * 60_000 + i * 20_000,
      source: 'scanner-1',
      kind: 'scan',
      text: `WO-${i}`,
      raw: Buffer.from(`WO-${i}`).toString('base64'),
      encoding: 'ascii',
      symbology: null,
      gs1: null,
      meaning: 'work_order',
      rule: null,
      fields: {},
      flags: [],
    }));
    const inputs = [
      { id: 'scanner-1', connected: true, lastDataTs: t0 - 20_000, errors: { frame_too_long: 2, parity: 0 } },
      { id: 'meter-1', connected: false, lastDataTs: null, errors: {}, reason: 'port_absent' },
    ];
    await ingest(
      app,
      'agent-a',
      world.agentTokens.a,
      numbered(
        [
          health(t0 - 6 * 60_000, { spoolDepth: 400, deadLetters: 1, inputs }),
          ...scans,
          health(t0 - 30_000, { spoolDepth: 12, spoolOldestAgeMs: 95_000, deadLetters: 2, clockOffsetMs: 350, inputs }),
          {
            ts: t0 - 3_600_000,
            source: 'agent',
            kind: 'gap',
            dropped: 37,
            reason: 'spool_full',
            fromTs: t0 - 5 * 3_600_000,
            toTs: t0 - 4 * 3_600_000,
          },
        ],
        1,
      ),
      t0,
    );
    // ws-b is another workshop: its agent beats with figures the technician of ws-a must never see.
    await beat(world.agentTokens.b, { agentVersion: '9.9.9' });
    await registry.remoteConfigs.put('agent-b', { agent: { id: 'agent-b' }, inputs: [] }, 'admin');
    await ingest(
      app,
      'agent-b',
      world.agentTokens.b,
      numbered([health(t0 - 30_000, { spoolDepth: 777_777, deadLetters: 55_555 })], 1),
      t0,
    );
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await closeCollector?.();
  });

  async function techPage(size: 'desk' | 'phone', path: string): Promise<{ page: Page; close: () => Promise<void> }> {
    const { context, page } = await openPage(browser, { size });
    await signIn(page, base, 'tech', 'tech-password-1', path);
    return { page, close: () => context.close() };
  }

  /** In Korean and English, at desk and phone size: no side scroll, axe, a screenshot each. */
  async function checkEveryView(path: string, name: string, ready: (page: Page) => Promise<void>): Promise<void> {
    for (const size of ['desk', 'phone'] as const) {
      const { page, close } = await techPage(size, path);
      try {
        await ready(page);
        for (const lang of ['ko', 'en'] as const) {
          if (lang === 'en') {
            await page.getByLabel('English').check();
            await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
            await ready(page);
          }
          const tag = `${name}-${lang}-${size === 'phone' ? '360' : 'desk'}`;
          await expectNoSideScroll(page);
          await screenshot(page, `technician-${tag}`);
          await expectAccessible(page, `technician ${tag}`);
        }
      } finally {
        await close();
      }
    }
  }

  it('lists the workshops with their agents online, and opens a workshop', async () => {
    const { page, close } = await techPage('desk', '/');
    try {
      await page.getByTestId('workshops').waitFor();
      expect(new URL(page.url()).pathname).toBe('/technician/workshops');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('작업장');
      const row = page.locator('tr[data-workshop="ws-a"]');
      expect(await row.getByRole('link').textContent()).toBe('을지로 인쇄');
      // agent-a beat just now, agent-a2 never did.
      expect(await row.locator('td[data-online]').textContent()).toBe('2대 중 1대');
      // From the agents' newest health readings: agent-a has 12 waiting and 2 dead letters.
      expect(await row.locator('td[data-attention]').textContent()).toBe('전송 대기 최대 12 · 전송 포기 2');
      expect(await page.locator('tr[data-workshop]').count()).toBe(1);
      expect(await page.locator('main').textContent()).not.toContain('성수');
      // The collector serves the page's path itself: a reload keeps the page.
      await page.reload();
      await page.getByTestId('workshops').waitFor();
      await row.getByRole('link').click();
      await page.locator('[data-agent="agent-a"]').waitFor();
      expect(new URL(page.url()).pathname).toBe('/technician/workshops/ws-a');
    } finally {
      await close();
    }
    await checkEveryView('/technician/workshops', 'workshops', (page) => page.getByTestId('workshops').waitFor());
  });

  it("shows an agent that sent a heartbeat as online with its health figures and inputs, and another's as never seen", async () => {
    const { page, close } = await techPage('desk', '/technician/workshops/ws-a');
    try {
      const card = page.locator('[data-agent="agent-a"]');
      await card.waitFor();
      expect(await card.getAttribute('data-status')).toBe('online');
      const fact = (name: string) => card.locator(`[data-fact="${name}"]`).textContent();
      expect(await fact('version')).toBe('0.3.1');
      // The newest health reading's figures, not the older one's (400 waiting, 1 dead letter).
      expect(await fact('spool-depth')).toBe('12');
      expect(await fact('spool-oldest')).toMatch(/1분 35초/);
      expect(await fact('dead-letters')).toBe('2');
      expect(await fact('clock-offset')).toBe('+350 ms');
      expect(await fact('config')).toBe('v1 실행 중');
      expect(await fact('last-seen')).toMatch(/초 전|지금|분 전/);
      const scanner = card.locator('tr[data-input="scanner-1"]');
      expect(await scanner.locator('td').nth(0).textContent()).toBe('연결됨');
      // Ten scans in the last five minutes: two a minute, counted from the readings.
      expect(await scanner.locator('td[data-rate]').textContent()).toBe('2');
      expect(await scanner.locator('td').nth(3).textContent()).toBe('frame_too_long: 2');
      const meter = card.locator('tr[data-input="meter-1"]');
      expect(await meter.locator('td').nth(0).textContent()).toBe('끊김 (port_absent)');
      expect(await meter.locator('td').nth(1).textContent()).toBe('수신 기록 없음');

      // agent-a2 reports nothing: said so, never a made-up zero.
      const silent = page.locator('[data-agent="agent-a2"]');
      expect(await silent.getAttribute('data-status')).toBe('never');
      expect(await silent.locator('[data-fact="spool-depth"]').textContent()).toBe('보고 없음');
      expect(await silent.locator('[data-fact="version"]').textContent()).toBe('알 수 없음');
      expect(await silent.locator('[data-fact="config"]').textContent()).toBe('알 수 없음');
      expect(await silent.locator('[data-fact="token-age"]').textContent()).toContain('토큰 없음');

      const gaps = page.getByTestId('gaps');
      expect(await gaps.locator('tbody tr').count()).toBe(1);
      expect(await gaps.locator('tbody tr td').nth(2).textContent()).toBe('37');
      expect(await gaps.locator('tbody tr td').nth(3).textContent()).toBe('저장 공간 가득 참');
      expect(await page.getByTestId('health').locator('tbody tr').count()).toBe(2);

      // Nothing of workshop B's agent.
      const text = (await page.locator('main').textContent()) ?? '';
      for (const theirs of ['agent-b', '777,777', '55,555', '9.9.9']) expect(text).not.toContain(theirs);
    } finally {
      await close();
    }
    await checkEveryView('/technician/workshops/ws-a', 'workshop', (page) =>
      page.locator('[data-agent="agent-a"]').waitFor(),
    );
  });

  it('creates an enrollment code shown with a QR code of the enroll command, and revokes it', async () => {
    const { page, close } = await techPage('desk', '/technician/workshops/ws-a');
    try {
      await page.locator('[data-agent="agent-a"]').waitFor();
      await page.getByLabel('에이전트 ID (비우면 자동)').fill('agent-a3');
      await page.getByLabel('유효 시간').selectOption('240');
      const created = page.waitForResponse(
        (r) => r.url().endsWith('/enrollment-codes') && r.request().method() === 'POST',
      );
      await page.getByRole('button', { name: '코드 만들기' }).click();
      const answer = (await (await created).json()) as Json;
      expect((await created).status()).toBe(201);
      const issued = page.getByTestId('issued-code');
      await issued.waitFor();
      expect(await issued.getByTestId('code').textContent()).toBe(answer.code);
      const qr = issued.locator('svg[role="img"]');
      expect(await qr.count()).toBe(1);
      expect(await qr.getAttribute('aria-label')).toContain(answer.code);
      // A real QR: a path of many modules, not an empty box.
      expect(((await qr.locator('path').getAttribute('d')) ?? '').length).toBeGreaterThan(1000);
      expect(await issued.getByTestId('enroll-command').textContent()).toBe(
        `gongbang-agent enroll --collector ${base} --code ${answer.code}`,
      );
      // Four hours from now.
      expect(Date.parse(answer.expiresAt) - Date.now()).toBeGreaterThan(239 * 60_000);
      await screenshot(page, 'technician-enrollment-ko-desk');
      await expectAccessible(page, 'the enrollment code with its QR code');

      const row = page.getByTestId('codes').locator('tbody tr', { hasText: 'agent-a3' });
      expect(await row.getAttribute('data-code-status')).toBe('pending');
      await row.getByRole('button', { name: 'agent-a3 코드 폐기' }).click();
      await expect.poll(() => row.getAttribute('data-code-status')).toBe('revoked');
      // Revoked for real: the agent can no longer exchange it.
      const exchange = await page.request.post(`${base}/api/v1/enroll`, { data: { code: answer.code } });
      expect(exchange.status()).toBeGreaterThanOrEqual(400);
      expect(((await exchange.json()) as Json).error.code).toBe('enrollment_code_revoked');
    } finally {
      await close();
    }
  });

  it('refuses an invalid config at its line and path and saves nothing, saves a valid one with its diff, and rolls back', async () => {
    const { page, close } = await techPage('desk', '/technician/workshops/ws-a');
    try {
      await page.locator('[data-agent="agent-a"]').getByRole('link', { name: '원격 설정 편집' }).click();
      const editor = page.getByLabel('설정 (YAML)');
      await editor.waitFor();
      expect(new URL(page.url()).pathname).toBe('/technician/agents/agent-a/config');
      expect(await page.getByTestId('running-version').textContent()).toBe('v1');
      expect(await editor.inputValue()).toContain('baudRate: 9600');

      // 1. A wrong type, an unknown key and a missing one: each at its line, nothing saved.
      const good = (baudRate: string) =>
        [
          'agent:',
          '  id: agent-a',
          'inputs:',
          '  - id: scanner-1',
          '    type: serial-scanner',
          '    port: /dev/ttyACM0',
          `    baudRate: ${baudRate}`,
          '',
        ].join('\n');
      const bad = good('fast').replace('    port: /dev/ttyACM0\n', '').concat('colour: blue\n');
      await editor.fill(bad);
      await page.getByRole('button', { name: '검사 후 저장' }).click();
      const issues = page.getByTestId('config-issues');
      await issues.waitFor();
      const baud = issues.locator('li[data-path="inputs[0].baudRate"]');
      expect(await baud.getAttribute('data-line')).toBe('6');
      expect(await baud.textContent()).toContain('줄 6 · inputs[0].baudRate');
      expect(await issues.locator('li[data-path="colour"]').getAttribute('data-line')).toBe('7');
      // A missing key points at the entry that lacks it.
      expect(await issues.locator('li[data-path="inputs[0].port"]').getAttribute('data-line')).toBe('4');
      expect(await issues.getByRole('heading').textContent()).toContain('저장하지 않았습니다');
      await screenshot(page, 'technician-config-invalid-ko-desk');
      await expectAccessible(page, 'the config editor with issues');
      // "Go to line 6" puts the caret there.
      await baud.getByRole('button', { name: '6번째 줄로 이동' }).click();
      expect(await page.locator('#config-caret').textContent()).toContain('줄 6');
      const after1 = await apiGet('/api/v1/agents/agent-a/config');
      expect(after1.body.current.version).toBe(1);
      expect(after1.body.history).toHaveLength(1);

      // A YAML syntax error is found in the browser, at its line, before asking the collector.
      await editor.fill('agent:\n  id: agent-a\ninputs: [\n');
      await page.getByRole('button', { name: '검사', exact: true }).click();
      await expect.poll(() => issues.textContent()).toContain('YAML 문법 오류');

      // 2. A valid edit: saved as v2, and the diff against the running v1 shows the change.
      await editor.fill(good('19200'));
      await page.getByRole('button', { name: '검사 후 저장' }).click();
      await expect.poll(() => page.getByTestId('config-saved').textContent()).toContain('v2');
      await expect.poll(() => page.getByTestId('latest-version').textContent()).toBe('v2');
      const diff = page.getByTestId('config-diff');
      expect(await diff.getAttribute('data-added')).toBe('1');
      expect(await diff.getAttribute('data-removed')).toBe('1');
      expect(await diff.locator('.add').textContent()).toContain('baudRate: 19200');
      expect(await diff.locator('.del').textContent()).toContain('baudRate: 9600');
      const after2 = await apiGet('/api/v1/agents/agent-a/config');
      expect(after2.body.current.version).toBe(2);
      expect(after2.body.current.config.inputs[0].baudRate).toBe(19200);
      await screenshot(page, 'technician-config-saved-ko-desk');
      await expectAccessible(page, 'the config editor after a save');

      // 3. Roll back to v1: saved again as v3, and the API answers v1's config.
      await page.getByRole('button', { name: '이 버전으로 되돌리기 (v1)' }).click();
      await expect.poll(() => page.getByTestId('config-saved').textContent()).toContain('v3');
      const after3 = await apiGet('/api/v1/agents/agent-a/config');
      expect(after3.body.current.version).toBe(3);
      expect(after3.body.current.config).toEqual(CONFIG_V1);
      await expect.poll(() => editor.inputValue()).toContain('baudRate: 9600');
      expect(await page.getByTestId('config-history').locator('tbody tr').count()).toBe(3);
    } finally {
      await close();
    }
    await checkEveryView('/technician/agents/agent-a/config', 'config', (page) =>
      page.getByTestId('config-history').waitFor(),
    );
  });

  it('sends the technician back to the sign-in, saying why, when the session ended before a save', async () => {
    const { page, close } = await techPage('phone', '/technician/agents/agent-a/config');
    try {
      const editor = page.getByLabel('설정 (YAML)');
      await editor.waitFor();
      const before = (await apiGet('/api/v1/agents/agent-a/config')).body.current.version;
      await page.context().clearCookies();
      await editor.fill(CONFIG_V1_YAML.replace('9600', '4800'));
      await page.getByRole('button', { name: '검사 후 저장' }).click();
      await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('세션이 끝났습니다');
      await page.getByLabel('아이디').waitFor();
      expect((await apiGet('/api/v1/agents/agent-a/config')).body.current.version).toBe(before);
    } finally {
      await close();
    }
  });

  it('gives a technician of workshop A nothing of workshop B', async () => {
    const { page, close } = await techPage('phone', '/technician/workshops/ws-b');
    try {
      await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('찾을 수 없습니다');
      let text = (await page.locator('main').textContent()) ?? '';
      for (const theirs of ['성수', 'Seongsu', 'agent-b', '777,777']) expect(text).not.toContain(theirs);
      await page.goto(`${base}/technician/agents/agent-b/config`);
      await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('찾을 수 없습니다');
      text = (await page.locator('main').textContent()) ?? '';
      expect(text).not.toContain('agent-b:');
      expect(await page.getByLabel('설정 (YAML)').count()).toBe(0);
      // The API under the same session: 404 like a missing object, never the data.
      for (const url of [
        '/api/v1/workshops/ws-b/agents',
        '/api/v1/agents/agent-b',
        '/api/v1/agents/agent-b/config',
        '/api/v1/agents/agent-b/config/versions/1',
        '/api/v1/workshops/ws-b/enrollment-codes',
        `/api/v1/readings?workshop=ws-b&kind=health&from=${t0 - 3_600_000}`,
      ]) {
        const res = await page.request.get(`${base}${url}`);
        expect(res.status(), url).toBe(404);
        expect(await res.text(), url).not.toContain('777777');
      }
    } finally {
      await close();
    }
  });
});
