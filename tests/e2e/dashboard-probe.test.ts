import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markStart, PROBE_SCRIPT, QUIET_MS, waitUsable } from '../../bench/dashboard-probe.js';
import { launchChromium } from './support/browser.js';

// The dashboard benchmark's definition of "usable" (bench/dashboard-probe.ts), checked in a real
// browser on small pages whose timing is known: an API answer held back by the server, a page
// that renders after it, one that never stops changing and one that never leaves "loading".

const API_DELAY_MS = 400;

/** Pages served on loopback: `/slow-api` renders what /api/answer says, 400 ms later. */
const PAGES: Record<string, string> = {
  '/slow-api': `<main id="main"><p>불러오는 중…</p></main><script>
    fetch('/api/answer').then((r) => r.json()).then((a) => { document.querySelector('main').textContent = a.text; });
  </script>`,
  '/ticking': `<main id="main"><p>ready</p><span id="t"></span></main><script>
    setInterval(() => { document.getElementById('t').textContent = String(performance.now()); }, 100);
  </script>`,
  '/stuck': '<main id="main"><p aria-busy="true">…</p></main>',
  '/link': `<main id="main"><button id="go">go</button></main><script>
    document.getElementById('go').onclick = () => fetch('/api/answer').then((r) => r.json())
      .then((a) => { document.querySelector('main').textContent = a.text; });
  </script>`,
};

describe("the dashboard bench's measure of a usable page", () => {
  let server: Server;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/api/answer') {
        setTimeout(() => {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ text: 'figures' }));
        }, API_DELAY_MS);
        return;
      }
      const body = PAGES[req.url ?? ''];
      res.statusCode = body ? 200 : 404;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><html><body>${body ?? ''}</body></html>`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    context = await browser.newContext();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function probed(): Promise<Page> {
    const page = await context.newPage();
    await page.addInitScript(PROBE_SCRIPT);
    return page;
  }

  it('waits for the API answer and the render after it, and counts the call', async () => {
    const page = await probed();
    await page.goto(`${base}/slow-api`);
    const s = await waitUsable(page, 10_000);
    expect(s.error).toBeNull();
    expect(s.apiCalls).toBe(1);
    expect(s.usableMs).toBeGreaterThanOrEqual(API_DELAY_MS);
    expect(s.usableMs).toBeLessThan(API_DELAY_MS + 2_000);
    expect(await page.locator('main').textContent()).toBe('figures');
    await page.close();
  });

  it('times an in-app navigation from the click, not from the document', async () => {
    const page = await probed();
    await page.goto(`${base}/link`);
    await waitUsable(page, 10_000);
    await markStart(page);
    await page.locator('#go').click();
    const s = await waitUsable(page, 10_000);
    expect(s.apiCalls).toBe(1);
    expect(s.usableMs).toBeGreaterThanOrEqual(API_DELAY_MS);
    expect(s.usableMs).toBeLessThan(API_DELAY_MS + 2_000);
    await page.close();
  });

  it('says so when a page never goes quiet, timing it from when it became usable', async () => {
    const page = await probed();
    await page.goto(`${base}/ticking`);
    const s = await waitUsable(page, 2 * QUIET_MS + 500);
    expect(s.error).toContain(`never ${QUIET_MS} ms without a change`);
    expect(s.usableMs).toBeLessThan(QUIET_MS);
    await page.close();
  });

  it('counts a page that stays busy as not usable, for the whole wait', async () => {
    const page = await probed();
    await page.goto(`${base}/stuck`);
    const s = await waitUsable(page, 1_500);
    expect(s.error).toMatch(/^not usable within 1500 ms/);
    expect(s.usableMs).toBe(1_500);
    await page.close();
  });
});
