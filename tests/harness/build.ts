import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs `tsc -b` (incremental: a no-op when nothing changed) at the repository root, so the
 * built binaries that end-to-end tests spawn match the sources. Throws with the compiler's
 * output when the build fails, so the run stops before any test sees stale code.
 */
export function buildWorkspace(root = ROOT): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-b'], { cwd: root, encoding: 'utf8' });
  if (r.error) throw new Error(`could not run tsc -b: ${r.error.message}`);
  if (r.status !== 0) {
    const output = `${r.stdout}${r.stderr}`.trim();
    throw new Error(
      `the build failed (tsc -b exited ${r.status ?? r.signal}), so no test ran against stale binaries. Fix it and run again:\n${output}`,
    );
  }
}
