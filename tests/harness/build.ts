import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs `tsc -b` (incremental: a no-op when nothing changed) at the repository root, so the
 * built binaries that end-to-end tests spawn match the sources, then builds the dashboard
 * (packages/dashboard: type check and Vite, about 2 s) that the collector serves at `/` and the
 * browser test drives — the same two steps as the root `npm run build`. Throws with the
 * compiler's output when a build fails, so the run stops before any test sees stale code.
 */
export function buildWorkspace(root = ROOT): void {
  const require = createRequire(import.meta.url);
  const tsc = require.resolve('typescript/bin/tsc');
  run('tsc -b', [tsc, '-b'], root);
  const dashboard = join(root, 'packages/dashboard');
  run('the dashboard type check', [tsc, '-p', 'tsconfig.json'], dashboard);
  const vite = join(dirname(require.resolve('vite/package.json', { paths: [dashboard] })), 'bin/vite.js');
  // Vitest sets NODE_ENV=test, under which Vite builds a development bundle (Preact's debug
  // code, about 1 kB more gzipped): the tests must drive and weigh the bundle that ships.
  run('vite build (packages/dashboard)', [vite, 'build', '--logLevel', 'warn'], dashboard, { NODE_ENV: 'production' });
}

function run(what: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): void {
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.error) throw new Error(`could not run ${what}: ${r.error.message}`);
  if (r.status !== 0) {
    const output = `${r.stdout}${r.stderr}`.trim();
    throw new Error(
      `the build failed (${what} exited ${r.status ?? r.signal}), so no test ran against stale binaries. Fix it and run again:\n${output}`,
    );
  }
}
