import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { RouteAccess } from '../core/index.js';
import { notFound } from '../core/index.js';

/** Where `npm run build -w @gongbang/dashboard` puts the dashboard (from src/http and dist/http alike). */
export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('../../../dashboard/dist/', import.meta.url));

/** Options of {@link dashboardRoutes}. */
export interface DashboardRoutesOptions {
  /** The built dashboard (index.html and assets/). Default {@link DEFAULT_DASHBOARD_DIR}. */
  dir?: string;
}

/**
 * The page paths of the single-page app: each answers index.html, and the app shows the page.
 * Each role has its own prefix (owner/, technician/, evaluator/, admin/); the app picks the page.
 * `/account` is everyone's.
 */
export const DASHBOARD_PAGES = [
  '/',
  '/sign-in',
  // Every role's own account (password, API tokens): one page, not under any role's prefix.
  '/account',
  '/owner/*',
  '/technician/*',
  '/evaluator/*',
  '/admin/*',
] as const;

const PUBLIC: { access: RouteAccess } = { access: 'public' };
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};
// Vite names assets `name-hash.ext`: nothing else (no `..`, no slash) is ever looked up.
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;
// The bundle has no inline script or style; the API is same-origin.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const NOT_BUILT = `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>공방 대시보드 / Gongbang dashboard</title></head>
<body>
<h1>대시보드가 아직 빌드되지 않았습니다</h1>
<p>저장소 루트에서 <code>npm run build</code> (또는 <code>npm run build -w @gongbang/dashboard</code>)를 실행한 뒤 새로 고치세요. API는 <a href="/docs">/docs</a>에 있습니다.</p>
<h1 lang="en">The dashboard is not built yet</h1>
<p lang="en">Run <code>npm run build</code> (or <code>npm run build -w @gongbang/dashboard</code>) at the repository root, then reload. The API is at <a href="/docs">/docs</a>.</p>
</body></html>
`;

/**
 * Serves the built dashboard: index.html at `/` and at the app's page paths, its hashed assets
 * under `/assets/`. All public — the pages hold no data; every API call they make is checked by
 * the access plugin like any other. Files are read per request, so a rebuild needs no restart.
 * When the dashboard is not built, the pages answer 503 with a short bilingual page on how to build it.
 */
export async function dashboardRoutes(app: FastifyInstance, opts: DashboardRoutesOptions): Promise<void> {
  const dir = opts.dir ?? DEFAULT_DASHBOARD_DIR;

  const page = async (_request: unknown, reply: FastifyReply) => {
    let html: Buffer;
    try {
      html = await readFile(join(dir, 'index.html'));
    } catch {
      return reply.code(503).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(NOT_BUILT);
    }
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CSP)
      .send(html);
  };
  for (const url of DASHBOARD_PAGES) app.get(url, { config: PUBLIC, schema: { hide: true } }, page);

  app.get<{ Params: { '*': string } }>(
    '/assets/*',
    { config: PUBLIC, schema: { hide: true } },
    async (request, reply) => {
      const name = request.params['*'];
      const type = TYPES[extname(name)];
      if (!ASSET_NAME.test(name) || !type) throw notFound(`asset "${name}"`);
      let body: Buffer;
      try {
        body = await readFile(join(dir, 'assets', name));
      } catch {
        throw notFound(`asset "${name}"`);
      }
      // Names carry a content hash: a new build has new names.
      reply.type(type).header('cache-control', 'public, max-age=31536000, immutable').header('vary', 'accept-encoding');
      // A phone on a weak link downloads about a third: the owner's JS is ~120 kB, ~50 kB gzipped.
      if (acceptsGzip(request.headers['accept-encoding'])) {
        return reply.header('content-encoding', 'gzip').send(gzipped(name, body));
      }
      return reply.send(body);
    },
  );
}

/**
 * Whether the client takes gzip (RFC 9110 §12.5.3): named, or `*`, with a q above 0.
 * Only the static assets are compressed — API answers carry session data (CSRF tokens), which
 * compression beside attacker-chosen text would expose (BREACH).
 */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  let star = false;
  for (const part of value.split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    if (coding === 'gzip') return weight > 0;
    if (coding === '*') star = weight > 0;
  }
  return star;
}

// Hashed names never change content, so each is compressed once; bounded for long-lived processes.
const GZIPPED = new Map<string, Buffer>();
const GZIPPED_MAX = 256;

function gzipped(name: string, body: Buffer): Buffer {
  const key = `${name}:${body.length}`;
  let z = GZIPPED.get(key);
  if (!z) {
    if (GZIPPED.size >= GZIPPED_MAX) GZIPPED.clear();
    z = gzipSync(body, { level: 9 });
    GZIPPED.set(key, z);
  }
  return z;
}
