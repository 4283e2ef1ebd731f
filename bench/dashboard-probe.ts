// What the dashboard benchmark watches inside the page: API calls started and answered, and the
// last change of the page. Injected before the app's own scripts (Playwright's init script, which
// the page's CSP does not apply to) and read with page.evaluate.
//
// "Usable" (docs/benchmarks.md): the page's main region (`main#main`) holds content, none of it a
// loading message ("불러오는 중…" / "Loading…", `aria-busy="true"`), every API call the page
// started has been answered (its body read), and nothing changed for QUIET_MS. The time is the
// later of the last API answer and the last change of the page before that quiet spell, from the
// start of the navigation (a full load: the document's time origin; an in-app link: the click).
import type { Page } from 'playwright-core';

/** How long the page must stay unchanged, with no API call open, to count as settled, ms. */
export const QUIET_MS = 500;

/** The loading messages of the shell and the pages (src/i18n/ko.ts, en.ts: `loading`). */
const LOADING_TEXTS = ['불러오는 중', 'Loading…'];

/** Runs in the page before any of its scripts. A string: the bench's type check has no DOM types. */
export const PROBE_SCRIPT = `(() => {
  const LOADING = ${JSON.stringify(LOADING_TEXTS)};
  // The page's clock is fixed (page.clock) and its fake performance.now() does not start again
  // with each document: the probe keeps the real one, taken before the fake clock is installed.
  const now = performance.now.bind(performance);
  const probe = { now, startMs: 0, apiStarted: 0, apiDone: 0, lastApiEndMs: 0, lastChangeMs: 0, okSinceMs: null };
  // Content in main and no loading message: what a person can use, API calls aside.
  probe.look = () => {
    const main = document.querySelector('main#main');
    const text = main ? main.textContent.trim() : '';
    const loading = !main || LOADING.some((t) => text.includes(t)) || !!main.querySelector('[aria-busy="true"]');
    const alert = main && main.querySelector('[role="alert"]');
    return { content: text.length > 0, loading, error: alert ? alert.textContent.trim() : null };
  };
  window.__gbProbe = probe;
  const isApi = (input) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return new URL(url, location.href).pathname.startsWith('/api/');
  };
  const original = window.fetch.bind(window);
  window.fetch = (input, init) => {
    if (!isApi(input)) return original(input, init);
    probe.apiStarted++;
    const done = () => { probe.apiDone++; probe.lastApiEndMs = now(); };
    // The answer counts once its body is read (json() or text()), as the page reads it.
    return original(input, init).then((res) => {
      const read = (name) => {
        const f = res[name].bind(res);
        res[name] = () => f().finally(done);
      };
      read('json'); read('text');
      if (res.status === 204) done();
      return res;
    }, (err) => { done(); throw err; });
  };
  const watch = () => new MutationObserver(() => {
    probe.lastChangeMs = now();
    const l = probe.look();
    if (!l.content || l.loading) probe.okSinceMs = null;
    else if (probe.okSinceMs === null) probe.okSinceMs = probe.lastChangeMs;
  })
    .observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true });
  if (document.documentElement) watch(); else document.addEventListener('DOMContentLoaded', watch);
})();`;

/** The probe's state, and whether the page looks usable now. */
interface ProbeState {
  now: number;
  startMs: number;
  apiStarted: number;
  apiDone: number;
  lastApiEndMs: number;
  lastChangeMs: number;
  okSinceMs: number | null;
  content: boolean;
  loading: boolean;
  error: string | null;
}

const READ = `(() => {
  const p = window.__gbProbe;
  return { now: p.now(), startMs: p.startMs, apiStarted: p.apiStarted, apiDone: p.apiDone,
    lastApiEndMs: p.lastApiEndMs, lastChangeMs: p.lastChangeMs, okSinceMs: p.okSinceMs, ...p.look() };
})()`;

/** One visit as the probe saw it. */
export interface Settled {
  /** From the start of the navigation to usable, ms. */
  usableMs: number;
  /** API calls the page made (fetch to /api/…). */
  apiCalls: number;
  /** The page's error message (role="alert" inside main), or why the visit did not settle. */
  error: string | null;
}

/** Marks the start of an in-app navigation (the click) in the page. */
export async function markStart(page: Page): Promise<void> {
  await page.evaluate(`(() => { const p = window.__gbProbe;
    p.startMs = p.now(); p.apiStarted = 0; p.apiDone = 0; p.lastApiEndMs = 0; p.lastChangeMs = p.startMs;
    p.okSinceMs = null; })()`);
}

/**
 * Waits until the page is usable (see the top of this file). A page that never goes quiet (a
 * ticking clock) counts from the later of its last API answer and the moment it last became
 * usable, its `error` saying so; a page never usable within `timeoutMs` counts as `timeoutMs`.
 */
export async function waitUsable(page: Page, timeoutMs = 20_000): Promise<Settled> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = (await page.evaluate(READ)) as ProbeState;
    const open = s.apiStarted - s.apiDone;
    const ok = s.content && !s.loading && open === 0;
    const since = Math.max(s.lastApiEndMs, s.lastChangeMs);
    if (ok && s.now - since >= QUIET_MS) return { usableMs: since - s.startMs, apiCalls: s.apiStarted, error: s.error };
    if (Date.now() > deadline) {
      const state = JSON.stringify({ ...s, open });
      if (ok && s.okSinceMs !== null)
        return {
          usableMs: Math.max(s.lastApiEndMs, s.okSinceMs) - s.startMs,
          apiCalls: s.apiStarted,
          error: `never ${QUIET_MS} ms without a change in ${timeoutMs} ms: ${state}`,
        };
      return {
        usableMs: timeoutMs,
        apiCalls: s.apiStarted,
        error: `not usable within ${timeoutMs} ms (content, no loading text, no API call open): ${state}`,
      };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
