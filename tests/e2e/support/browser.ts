import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * What every dashboard test in a real browser shares: Debian's Chromium, phone- and desk-sized
 * pages, signing in as a person does, an accessibility check with axe-core and screenshots kept
 * as test artifacts (tests/e2e/artifacts/, not committed).
 */
export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const ARTIFACTS_DIR = fileURLToPath(new URL('../artifacts/', import.meta.url));
const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`the dashboard tests need Chromium at ${CHROMIUM}: apt-get install chromium fonts-noto-cjk`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}

export interface PageOptions {
  /** Fixed clock of the page (ms); the collector's test clock should say the same. */
  nowMs?: number;
  /** 'phone' is 360 × 740 (the owner's), 'desk' 1280 × 800. Default phone. */
  size?: 'phone' | 'desk';
  /** The browser's language. Default ko-KR. */
  locale?: string;
}

/** A fresh page in its own context (own cookies); the browser's zone is not Seoul, on purpose. */
export async function openPage(
  browser: Browser,
  opts: PageOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: opts.size === 'desk' ? { width: 1280, height: 800 } : { width: 360, height: 740 },
    locale: opts.locale ?? 'ko-KR',
    timezoneId: 'Europe/Berlin',
  });
  const page = await context.newPage();
  if (opts.nowMs !== undefined) await page.clock.setFixedTime(opts.nowMs);
  return { context, page };
}

/** Signs in through the form (Korean labels), from `path` (default `/`), and waits for the session. */
export async function signIn(page: Page, base: string, username: string, password: string, path = '/'): Promise<void> {
  await page.goto(`${base}${path}`);
  await page.getByLabel('아이디').fill(username);
  await page.getByLabel('비밀번호').fill(password);
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
  await page.getByRole('button', { name: '로그인' }).click();
  const res = await answered;
  if (res.status() !== 200) throw new Error(`sign-in of ${username} answered ${res.status()}`);
  await page.locator('main#main').waitFor();
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/**
 * Runs axe-core (WCAG 2.1 A and AA rules, colour contrast included) on the page as it is and fails
 * with each violation's rule, impact and elements.
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // Evaluated, not added as a <script>: the dashboard's CSP (rightly) refuses inline scripts.
  await page.evaluate(await readFile(AXE_SCRIPT, 'utf8'));
  // A string, so the test's own type check needs no DOM types; it runs in the page.
  const violations = (await page.evaluate(`(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  })()`)) as AxeViolation[];
  const said = violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`,
  );
  expect(said, `axe-core on ${what}`).toEqual([]);
}

/** Saves a full-page screenshot as a test artifact: tests/e2e/artifacts/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Fails when the page is wider than its window (a phone would scroll sideways), naming what sticks out. */
export async function expectNoSideScroll(page: Page): Promise<void> {
  const width = page.viewportSize()?.width ?? 0;
  const wide = await page.evaluate<string[]>(`(() => {
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > ${width} + 0.5 && getComputedStyle(el).position !== 'fixed') {
        let inBox = false;
        for (let p = el.parentElement; p; p = p.parentElement) {
          const o = getComputedStyle(p).overflowX;
          if (o === 'auto' || o === 'scroll' || o === 'hidden') { inBox = true; break; }
        }
        if (!inBox) out.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' right=' + Math.round(r.right));
      }
    }
    return out.slice(0, 8);
  })()`);
  const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
  expect(scrollWidth, `wider than ${width} px: ${wide.join('; ')}`).toBeLessThanOrEqual(width);
}
