import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bundleReport,
  DASHBOARD_DIST,
  filesOf,
  type Manifest,
  OWNER_JS_BUDGET_GZIP_BYTES,
  readManifest,
  roleFiles,
} from '../../bench/dashboard-bundle.js';

// Size is not time: this is a plain test. It builds nothing; the test run's global setup has
// built the dashboard (tests/harness/build.ts), and this reads its manifest and files.

/** A made-up build: two roles share a chart chunk, the owner's page loads a lazy part of its own. */
const MANIFEST: Manifest = {
  'index.html': {
    file: 'assets/index-1.js',
    isEntry: true,
    imports: ['_vendor-1.js'],
    dynamicImports: ['src/owner/today-page.tsx', 'src/evaluator/gains-page.tsx'],
    css: ['assets/index-1.css'],
  },
  '_vendor-1.js': { file: 'assets/vendor-1.js' },
  '_chart-1.js': { file: 'assets/chart-1.js', css: ['assets/chart-1.css'], imports: ['_vendor-1.js'] },
  'src/owner/today-page.tsx': {
    file: 'assets/today-page-1.js',
    src: 'src/owner/today-page.tsx',
    isDynamicEntry: true,
    imports: ['index.html', '_chart-1.js'],
    dynamicImports: ['src/owner/qr.ts'],
  },
  'src/owner/qr.ts': { file: 'assets/qr-1.js', src: 'src/owner/qr.ts', isDynamicEntry: true },
  'src/evaluator/gains-page.tsx': {
    file: 'assets/gains-page-1.js',
    src: 'src/evaluator/gains-page.tsx',
    isDynamicEntry: true,
    imports: ['index.html', '_chart-1.js'],
  },
};

describe("the dashboard's bundle budget", () => {
  it("counts the shell, a role's pages and all they import, and no other role's pages", () => {
    const owner = roleFiles(MANIFEST, 'owner');
    expect(owner.pages).toEqual(['src/owner/qr.ts', 'src/owner/today-page.tsx']);
    expect([...owner.files].sort()).toEqual([
      'assets/chart-1.css',
      'assets/chart-1.js',
      'assets/index-1.css',
      'assets/index-1.js',
      'assets/qr-1.js',
      'assets/today-page-1.js',
      'assets/vendor-1.js',
    ]);
    const evaluator = roleFiles(MANIFEST, 'evaluator');
    expect(evaluator.files.has('assets/gains-page-1.js')).toBe(true);
    expect(evaluator.files.has('assets/today-page-1.js')).toBe(false);
    // A role without pages still downloads the shell, and only the shell.
    expect([...roleFiles(MANIFEST, 'admin').files].sort()).toEqual([
      'assets/index-1.css',
      'assets/index-1.js',
      'assets/vendor-1.js',
    ]);
    // The shell alone does not follow the lazy page imports.
    expect(filesOf(MANIFEST, ['index.html'], false).has('assets/today-page-1.js')).toBe(false);
    expect(() => filesOf({ a: { file: 'a.js', imports: ['gone'] } }, ['a'], false)).toThrow(/"gone"/);
  });

  it('keeps the JS of the owner’s pages under 150 kB gzipped', async () => {
    const manifest = await readManifest();
    const { chunks, roles } = await bundleReport();
    // Every file the manifest names was built.
    for (const c of chunks) expect(existsSync(path.join(DASHBOARD_DIST, c.file)), c.file).toBe(true);
    // The owner's today page is a lazy chunk of its own, counted for the owner only.
    const today = manifest['src/owner/today-page.tsx']?.file;
    expect(today).toBeDefined();
    expect(roles.owner.pages).toContain('src/owner/today-page.tsx');
    expect(roles.owner.files).toContain(today);
    for (const role of ['technician', 'evaluator', 'admin'] as const) expect(roles[role].files).not.toContain(today);
    expect(roles.owner.jsGzipBytes).toBeGreaterThan(0);
    expect(
      roles.owner.jsGzipBytes,
      `the owner's pages weigh ${roles.owner.jsGzipBytes} bytes of JS gzipped: ${roles.owner.files.join(', ')}`,
    ).toBeLessThanOrEqual(OWNER_JS_BUDGET_GZIP_BYTES);
  });
});
