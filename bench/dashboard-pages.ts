// The browser half of the dashboard benchmark: for each role, sign in through the form, find the
// role's pages (its home, where the app lands after signing in, and every link of the rendered
// navigation `nav.pages a`, so pages added later are measured without a change here), then visit
// each page cold, warm and through the app's own link, measuring the time to usable
// (dashboard-probe.ts) and the network: requests, bytes on the wire, API calls and their bytes.
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { markStart, PROBE_SCRIPT, waitUsable } from './dashboard-probe.js';
import type { BenchUser } from './dashboard-programme.js';
import { median, quantile } from './stats.js';

/** How a page was reached. */
export type VisitKind = 'cold' | 'warm' | 'link' | 'coldThrottled';

/**
 * A slower device for the phone-first role's cold visits (Chrome DevTools Protocol emulation):
 * the CPU slowed down `cpuRate` times, and a mobile network's round trip and bandwidth.
 */
export interface Throttle {
  cpuRate: number;
  latencyMs: number;
  downloadKbps: number;
  uploadKbps: number;
}

/** One measured visit. */
export interface Visit {
  usableMs: number;
  apiCalls: number;
  /** Every response's bytes on the wire (headers and body as received; 0 from the cache). */
  transferBytes: number;
  /** The bytes on the wire of the /api/ answers alone. */
  apiBytes: number;
  /** The bytes on the wire of JS files. */
  jsBytes: number;
  requests: number;
  /** Responses the browser took from its cache. */
  fromCache: number;
  error: string | null;
}

/** Counts what the network carries for one page (Chrome DevTools Protocol, Network domain). */
class NetworkTally {
  private readonly requests = new Map<string, { url: string; type: string; cached: boolean }>();
  private totals = { transferBytes: 0, apiBytes: 0, jsBytes: 0, requests: 0, fromCache: 0 };

  constructor(cdp: CDPSession) {
    cdp.on('Network.requestWillBeSent', (e) => {
      this.requests.set(e.requestId, { url: e.request.url, type: e.type ?? 'Other', cached: false });
      this.totals.requests++;
    });
    cdp.on('Network.requestServedFromCache', (e) => {
      const r = this.requests.get(e.requestId);
      if (r) r.cached = true;
    });
    cdp.on('Network.responseReceived', (e) => {
      const r = this.requests.get(e.requestId);
      if (r && (e.response.fromDiskCache || e.response.fromPrefetchCache)) r.cached = true;
    });
    cdp.on('Network.loadingFinished', (e) => {
      const r = this.requests.get(e.requestId);
      if (!r) return;
      if (r.cached) this.totals.fromCache++;
      const bytes = r.cached ? 0 : e.encodedDataLength;
      this.totals.transferBytes += bytes;
      const pathname = new URL(r.url).pathname;
      if (pathname.startsWith('/api/')) this.totals.apiBytes += bytes;
      if (pathname.endsWith('.js')) this.totals.jsBytes += bytes;
    });
  }

  reset(): void {
    this.requests.clear();
    this.totals = { transferBytes: 0, apiBytes: 0, jsBytes: 0, requests: 0, fromCache: 0 };
  }

  read() {
    return { ...this.totals };
  }
}

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

/**
 * A fresh browser context (its own cookies and an empty cache), as the browser tests open them
 * (tests/e2e/support/browser.ts openPage: phone 360 × 740 or desk 1280 × 800, ko-KR, a zone that
 * is not Seoul), optionally with a signed-in session's cookies.
 */
function newContext(browser: Browser, setup: PageSetup, storageState?: StorageState): Promise<BrowserContext> {
  return browser.newContext({
    viewport: setup.size === 'desk' ? { width: 1280, height: 800 } : { width: 360, height: 740 },
    locale: 'ko-KR',
    timezoneId: 'Europe/Berlin',
    ...(storageState ? { storageState } : {}),
  });
}

/** A page with the probe installed, the bench's clock and a network tally (and a throttle). */
async function benchPage(context: BrowserContext, setup: PageSetup, throttle?: Throttle) {
  const page = await context.newPage();
  // The probe first: it keeps the real performance.now() before the fake clock replaces it.
  await page.addInitScript(PROBE_SCRIPT);
  await page.clock.setFixedTime(setup.nowMs);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (throttle) {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle.cpuRate });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: throttle.latencyMs,
      downloadThroughput: (throttle.downloadKbps * 1000) / 8,
      uploadThroughput: (throttle.uploadKbps * 1000) / 8,
    });
  }
  return { page, tally: new NetworkTally(cdp) };
}

/** What every page of a run shares. */
export interface PageSetup {
  base: string;
  /** The browser's clock (the collector's `now`), ms. */
  nowMs: number;
  size: 'phone' | 'desk';
}

/**
 * The kind of page a path is, for picking one of each: role, section, depth and (deeper) the
 * last segment — `/technician/agents/a1/config` → `technician/agents/4/config`; null for a path
 * that is not a role's page.
 */
export function detailShape(path: string): string | null {
  const seg = path.split('/').filter(Boolean);
  if (seg.length < 3 || !['owner', 'technician', 'evaluator', 'admin'].includes(seg[0] as string)) return null;
  return `${seg[0]}/${seg[1]}/${seg.length}${seg.length > 3 ? `/${seg.at(-1)}` : ''}`;
}

/** Signs in through the form and answers the session (cookies) and the role's pages. */
async function signInAndDiscover(browser: Browser, setup: PageSetup, user: BenchUser) {
  const context = await newContext(browser, setup);
  try {
    const { page } = await benchPage(context, setup);
    await page.goto(`${setup.base}/`);
    await page.getByLabel('아이디').fill(user.username);
    await page.getByLabel('비밀번호').fill(user.password);
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
    await page.getByRole('button', { name: '로그인' }).click();
    const res = await answered;
    if (res.status() !== 200) throw new Error(`sign-in of ${user.username} answered ${res.status()}`);
    // Where the app lands is the role's home (a role without pages stays on /sign-in, told so).
    await page.getByLabel('아이디').waitFor({ state: 'detached' });
    await waitUsable(page);
    const at = new URL(page.url()).pathname;
    const home = at === '/sign-in' ? null : at;
    const linked = await page.locator('nav.pages a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    const paths = [...new Set([...(home ? [home] : []), ...linked.filter((h) => h.startsWith('/'))])];
    // Detail pages (a workshop, an agent's config, a user) are reached from the listed ones: the
    // first link of each shape found in a listed page's main content is measured too.
    const details: string[] = [];
    const shapes = new Set<string>();
    // Listed pages first, then the detail pages found (an agent's config is linked from a workshop).
    const queue = [...paths];
    for (let i = 0; i < queue.length; i++) {
      const listed = queue[i] as string;
      await page.goto(`${setup.base}${listed}`);
      await waitUsable(page);
      const hrefs = await page.locator('main a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      for (const h of hrefs) {
        const path = h.split(/[?#]/)[0] ?? '';
        if (!path.startsWith('/') || path.startsWith('/api/') || paths.includes(path) || details.includes(path))
          continue;
        const shape = detailShape(path);
        if (shape === null || shapes.has(shape)) continue;
        shapes.add(shape);
        details.push(path);
        queue.push(path);
      }
    }
    return { storage: await context.storageState(), paths, details, home };
  } finally {
    await context.close();
  }
}

/** Summary of repeated visits: medians, p95 and the spread. */
export function summarise(visits: Visit[], targetMs: number) {
  const ms = visits.map((v) => v.usableMs);
  const med = (k: keyof Omit<Visit, 'error'>) => median(visits.map((v) => v[k] as number));
  const p95 = quantile(ms, 0.95);
  return {
    runs: visits.length,
    medianMs: +median(ms).toFixed(0),
    p95Ms: +p95.toFixed(0),
    minMs: +Math.min(...ms).toFixed(0),
    maxMs: +Math.max(...ms).toFixed(0),
    meetsTarget: p95 <= targetMs,
    apiCalls: med('apiCalls'),
    apiBytes: med('apiBytes'),
    transferBytes: med('transferBytes'),
    jsBytes: med('jsBytes'),
    requests: med('requests'),
    fromCache: med('fromCache'),
    errors: [...new Set(visits.flatMap((v) => (v.error ? [v.error] : [])))],
  };
}

/** The figures of one page and way of visiting. */
export type PageSummary = ReturnType<typeof summarise>;

/** What {@link measureRole} answers. */
export interface RoleResult {
  user: string;
  /** Where the app lands after signing in; null when the role has no page yet. */
  home: string | null;
  viewport: PageSetup['size'];
  pages: Record<string, Partial<Record<VisitKind, PageSummary>>>;
  note?: string;
}

/** One role's pages, each visited `runs` times in each way. */
export async function measureRole(
  browser: Browser,
  setup: PageSetup,
  user: BenchUser,
  runs: number,
  targetMs: number,
  log: (m: string) => void,
  throttle?: Throttle,
): Promise<RoleResult> {
  const found = await signInAndDiscover(browser, setup, user);
  const { storage, home } = found;
  const listed = found.paths;
  const paths = [...listed, ...found.details];
  log(
    `${user.role}: home ${home ?? '(none)'}, pages ${listed.join(' ') || '(none yet)'}${found.details.length ? `, detail pages ${found.details.join(' ')}` : ''}`,
  );
  if (paths.length === 0)
    return { user: user.username, home, viewport: setup.size, pages: {}, note: 'the role has no pages yet' };
  const visits: Record<string, Record<VisitKind, Visit[]>> = {};
  for (const p of paths) visits[p] = { cold: [], warm: [], link: [], coldThrottled: [] };
  /** One visit: `go` starts it; the page must then become usable on `path`, not on the sign-in. */
  const visit = async (
    page: Page,
    tally: NetworkTally,
    path: string,
    go: () => Promise<unknown>,
    timeoutMs = 20_000,
  ): Promise<Visit> => {
    tally.reset();
    try {
      await go();
      const s = await waitUsable(page, timeoutMs);
      const at = new URL(page.url()).pathname;
      // A 401 ends the session and shows the sign-in form: usable, but not the page.
      const error = at === path ? s.error : `ended on ${at} instead of ${path}${s.error ? `: ${s.error}` : ''}`;
      return { ...tally.read(), usableMs: s.usableMs, apiCalls: s.apiCalls, error };
    } catch (err) {
      // One broken page must not end the run: it is recorded as not usable, with the reason.
      return {
        ...tally.read(),
        usableMs: timeoutMs,
        apiCalls: 0,
        error: `visit failed: ${(err as Error).message.split('\n')[0]}`,
      };
    }
  };
  for (let i = 0; i < runs; i++) {
    for (const p of paths) {
      const v = visits[p]!;
      const url = `${setup.base}${p}`;
      // Cold: a new browser context (empty cache) with the session's cookie, the address typed in.
      const context = await newContext(browser, setup, storage);
      try {
        const { page, tally } = await benchPage(context, setup);
        v.cold.push(await visit(page, tally, p, () => page.goto(url)));
        // Warm: the same address again in the same browser (its cache holds the hashed assets).
        v.warm.push(await visit(page, tally, p, () => page.goto(url)));
        // Through the app's link, from another of the role's pages (the page's code not yet loaded
        // in this document when it was not the first page shown). The link is clicked in the page
        // (HTMLElement.click()), so a navigation folded into a menu on a phone is measured too.
        // Only the navigation's pages have a link in the navigation.
        const from = listed.includes(p) ? listed.find((q) => q !== p) : undefined;
        if (from) {
          await page.goto(`${setup.base}${from}`);
          await waitUsable(page);
          v.link.push(
            await visit(page, tally, p, async () => {
              await markStart(page);
              await page
                .locator(`nav.pages a[href="${p}"]`)
                .evaluate((a) => (a as unknown as { click(): void }).click());
            }),
          );
        }
      } finally {
        await context.close();
      }
      if (throttle) {
        const slow = await newContext(browser, setup, storage);
        try {
          const { page, tally } = await benchPage(slow, setup, throttle);
          v.coldThrottled.push(await visit(page, tally, p, () => page.goto(url), 60_000));
        } finally {
          await slow.close();
        }
      }
    }
    log(
      `${user.role} run ${i + 1}/${runs}: ${paths
        .map(
          (p) =>
            `${p} cold ${visits[p]!.cold.at(-1)?.usableMs.toFixed(0)} ms, warm ${visits[p]!.warm.at(-1)?.usableMs.toFixed(0)} ms`,
        )
        .join('; ')}`,
    );
  }
  const pages: RoleResult['pages'] = {};
  for (const p of paths) {
    const v = visits[p]!;
    pages[p] = {
      cold: summarise(v.cold, targetMs),
      warm: summarise(v.warm, targetMs),
      ...(v.link.length ? { link: summarise(v.link, targetMs) } : {}),
      ...(v.coldThrottled.length ? { coldThrottled: summarise(v.coldThrottled, targetMs) } : {}),
    };
  }
  return { user: user.username, home, viewport: setup.size, pages };
}
