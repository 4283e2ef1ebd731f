// What each role's browser downloads of the built dashboard, from Vite's manifest
// (packages/dashboard/dist/.vite/manifest.json): every JS and CSS chunk with its gzipped size,
// and per role the shell (the entry chunk, its static imports and CSS) plus every page module
// under src/<role>/ that the app imports lazily, with everything those import, statically or
// lazily. Read by the dashboard benchmark and by the bundle budget test
// (tests/e2e/dashboard-budget.test.ts); builds nothing.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The built dashboard, as `npm run build -w @gongbang/dashboard` leaves it. */
export const DASHBOARD_DIST = fileURLToPath(new URL('../packages/dashboard/dist/', import.meta.url));

/** The roles whose pages live in src/<role>/ (packages/dashboard/src/pages.ts). */
export const ROLES = ['owner', 'technician', 'evaluator', 'admin'] as const;
export type DashboardRole = (typeof ROLES)[number];

/**
 * The owner's pages' JS, gzipped (zlib's default level 6, as a server compressing on the fly),
 * may weigh at most this many bytes (150 kB, issue #15: owners open the dashboard on a phone).
 */
export const OWNER_JS_BUDGET_GZIP_BYTES = 150_000;

/** One entry of Vite's build manifest (`build.manifest`): a chunk and what it pulls in. */
export interface ManifestChunk {
  file: string;
  src?: string;
  name?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  /** Keys of chunks this one imports statically (loaded with it). */
  imports?: string[];
  /** Keys of chunks this one imports lazily (`import()`). */
  dynamicImports?: string[];
  css?: string[];
  assets?: string[];
}

/** Vite's manifest: source key (`index.html`, `src/owner/today-page.tsx`, `_shared-abc.js`) → chunk. */
export type Manifest = Record<string, ManifestChunk>;

/** Reads `dist/.vite/manifest.json`; says how to build it when it is missing. */
export async function readManifest(dist = DASHBOARD_DIST): Promise<Manifest> {
  const file = path.join(dist, '.vite', 'manifest.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Manifest;
  } catch (err) {
    throw new Error(
      `no dashboard build manifest at ${file} (${(err as Error).message}): run npm run build -w @gongbang/dashboard`,
    );
  }
}

/**
 * The files (JS and CSS, paths relative to dist/) that loading the chunks `keys` fetches: each
 * chunk's file, its CSS and, transitively, its static imports; with `lazy`, its dynamic imports
 * too. Chunks in `skip` (and what only they import) are left out: a page imports the entry
 * chunk, whose lazy imports are every other role's pages.
 */
export function filesOf(
  manifest: Manifest,
  keys: readonly string[],
  lazy: boolean,
  skip: readonly string[] = [],
): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>(skip);
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`the manifest names "${key}" but has no entry for it`);
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const k of chunk.imports ?? []) visit(k);
    if (lazy) for (const k of chunk.dynamicImports ?? []) visit(k);
  };
  for (const k of keys) visit(k);
  return files;
}

/** The app's entry chunks (index.html's script). */
export function entriesOf(manifest: Manifest): string[] {
  const entries = Object.keys(manifest).filter((k) => manifest[k]?.isEntry);
  if (entries.length === 0) throw new Error('the manifest has no entry chunk');
  return entries;
}

/** A role's lazily loaded page modules: the dynamic entries whose source is under src/<role>/. */
export function pageModulesOf(manifest: Manifest, role: DashboardRole): string[] {
  return Object.entries(manifest)
    .filter(([, c]) => c.isDynamicEntry && c.src?.startsWith(`src/${role}/`))
    .map(([k]) => k)
    .sort();
}

/** Everything a browser of `role` may download: the shell, then every page of the role and all it imports. */
export function roleFiles(manifest: Manifest, role: DashboardRole): { pages: string[]; files: Set<string> } {
  const pages = pageModulesOf(manifest, role);
  const entries = entriesOf(manifest);
  const files = filesOf(manifest, entries, false);
  for (const f of filesOf(manifest, pages, true, entries)) files.add(f);
  return { pages, files };
}

/** One built file: its size and its size gzipped. */
export interface ChunkSize {
  file: string;
  kind: 'js' | 'css';
  bytes: number;
  gzipBytes: number;
}

/** Sizes of every JS and CSS file the manifest names. */
export async function chunkSizes(manifest: Manifest, dist = DASHBOARD_DIST): Promise<ChunkSize[]> {
  const files = new Set<string>();
  for (const c of Object.values(manifest)) {
    files.add(c.file);
    for (const css of c.css ?? []) files.add(css);
  }
  const out: ChunkSize[] = [];
  for (const file of [...files].sort()) {
    if (!file.endsWith('.js') && !file.endsWith('.css')) continue;
    const body = await readFile(path.join(dist, file));
    out.push({
      file,
      kind: file.endsWith('.css') ? 'css' : 'js',
      bytes: body.length,
      gzipBytes: gzipSync(body).length,
    });
  }
  return out;
}

/** A role's download: its page modules, its files and their sums. */
export interface RoleBundle {
  pages: string[];
  files: string[];
  jsBytes: number;
  jsGzipBytes: number;
  cssGzipBytes: number;
}

/** The sizes of every chunk and the download of every role, from a built dist/. */
export async function bundleReport(dist = DASHBOARD_DIST): Promise<{
  chunks: ChunkSize[];
  roles: Record<DashboardRole, RoleBundle>;
}> {
  const manifest = await readManifest(dist);
  const chunks = await chunkSizes(manifest, dist);
  const byFile = new Map(chunks.map((c) => [c.file, c]));
  const roles = {} as Record<DashboardRole, RoleBundle>;
  for (const role of ROLES) {
    const { pages, files } = roleFiles(manifest, role);
    const sizes = [...files].map((f) => {
      const s = byFile.get(f);
      if (!s) throw new Error(`${f} is in the manifest but not a JS or CSS file of ${dist}`);
      return s;
    });
    const sum = (kind: ChunkSize['kind'], k: 'bytes' | 'gzipBytes') =>
      sizes.filter((s) => s.kind === kind).reduce((n, s) => n + s[k], 0);
    roles[role] = {
      pages,
      files: [...files].sort(),
      jsBytes: sum('js', 'bytes'),
      jsGzipBytes: sum('js', 'gzipBytes'),
      cssGzipBytes: sum('css', 'gzipBytes'),
    };
  }
  return { chunks, roles };
}
