import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on the module `name` next to `base` (pass `import.meta.url`): the built
 * `name.js` when it is there (dist/, `gongbang-collector serve`), else — running from the
 * TypeScript sources (the test suite, `tsx`) — `name.ts` through tsx's loader, registered inside
 * the worker. tsx is a devDependency: only source runs need it.
 */
export function spawnModuleWorker(base: string, name: string, options: WorkerOptions = {}): Worker {
  const js = new URL(`./${name}.js`, base);
  if (existsSync(fileURLToPath(js))) return new Worker(js, options);
  const ts = new URL(`./${name}.ts`, base).href;
  // tsx's ESM API (its package exports map `tsx/esm/api` → dist/esm/api/index.mjs for import).
  const tsxDir = path.dirname(createRequire(base).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(path.join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(ts)}); });`;
  return new Worker(boot, { ...options, eval: true });
}
