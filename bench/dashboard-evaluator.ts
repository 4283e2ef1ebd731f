// The evaluator's pages with the whole simulated programme: 400 workshops × 2 years of rollups
// (bench/metrics-programme.ts's fill, SQLite), the built dashboard served by the real collector
// app, and Debian's Chromium opening each page as an evaluator does. Prints, per page, the time
// from navigation to the page's figures on screen (median of 5 after one warm-up), and the API
// answers' sizes and times. Run: `npm run build && node --import tsx bench/dashboard-evaluator.ts`.
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { buildApp } from '../packages/collector/src/app.js';
import { parseCollectorConfig } from '../packages/collector/src/config/index.js';
import { launchChromium, openPage, screenshot, signIn } from '../tests/e2e/support/browser.js';
import { fill, openRegistry, WORKSHOPS } from './metrics-programme.js';
import { median } from './stats.js';

const log = (m: string) => process.stderr.write(`${m}\n`);

async function main() {
  const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
  const { registry, dir, close } = await openRegistry('sqlite');
  const browser = await launchChromium();
  try {
    const filled = await fill(registry, today, log);
    log(`${filled.rows} rollup rows for ${WORKSHOPS} workshops in ${filled.fillS} s`);
    await registry.users.create({ username: 'eval', password: 'eval-password-1', role: 'evaluator' });
    const config = parseCollectorConfig({
      dataDir: dir,
      server: { port: 0 },
      log: { level: 'silent' },
      metrics: { enabled: false },
    });
    const app = await buildApp({ config, registry, logger: false, processMetrics: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      const { context, page } = await openPage(browser, { size: 'desk' });
      await signIn(page, base, 'eval', 'eval-password-1', '/evaluator/programme');
      // The sign-in's own page load must not be taken for the first measured one.
      await page.getByTestId('coverage-summary').waitFor({ timeout: 60_000 });
      const pages: Record<string, { path: string; ready: (p: Page) => Promise<unknown>; api: string }> = {
        programme: {
          path: '/evaluator/programme',
          api: '/api/v1/programme/coverage',
          ready: (p) => p.getByTestId('coverage-summary').waitFor({ timeout: 60_000 }),
        },
        kpis: {
          path: '/evaluator/kpis',
          api: '/api/v1/programme/kpis',
          ready: (p) => p.getByTestId('kpi-workshops').waitFor({ timeout: 60_000 }),
        },
        gains: {
          path: '/evaluator/gains',
          api: '/api/v1/evaluation',
          ready: (p) =>
            p.locator('[data-testid="overall-effect"], [data-testid="no-estimate"]').waitFor({ timeout: 120_000 }),
        },
        workshop: {
          path: '/evaluator/workshops/ws-001',
          api: '/evaluation/descriptive',
          ready: (p) => p.getByTestId('descriptive-note').waitFor({ timeout: 60_000 }),
        },
      };
      const out: Record<string, unknown> = {};
      for (const [name, def] of Object.entries(pages)) {
        const times: number[] = [];
        let firstMs = 0;
        let bytes = 0;
        for (let i = 0; i < 6; i++) {
          const answered = page.waitForResponse((r) => r.url().includes(def.api), { timeout: 120_000 });
          const t0 = performance.now();
          await page.goto(`${base}${def.path}`);
          await def.ready(page);
          const ms = performance.now() - t0;
          const res = await answered;
          bytes = Number(res.headers()['content-length'] ?? bytes);
          if (i === 0) firstMs = ms;
          else times.push(ms);
        }
        out[name] = {
          path: def.path,
          firstLoadMs: +firstMs.toFixed(0),
          medianLoadMs: +median(times).toFixed(0),
          maxLoadMs: +Math.max(...times).toFixed(0),
          apiAnswerBytes: bytes,
        };
        log(`${name}: ${JSON.stringify(out[name])}`);
        await screenshot(page, `evaluator-${name}-400-workshops`);
      }
      await context.close();
      process.stdout.write(
        `${JSON.stringify({ workshops: WORKSHOPS, days: 730, rollupRows: filled.rows, pages: out }, null, 2)}\n`,
      );
    } finally {
      await app.close();
    }
  } finally {
    await browser.close();
    await close();
  }
}

await main();
