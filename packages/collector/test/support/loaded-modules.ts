import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

// Module hooks (node:module register) run beside the main thread and see every import it
// resolves; asking them for `gongbang:loaded` returns what they saw, so no timing is involved.
const HOOKS = `
const seen = new Set();
export async function resolve(specifier, context, next) {
  if (specifier === 'gongbang:loaded')
    return { url: 'data:text/javascript,export default ' + encodeURIComponent(JSON.stringify([...seen])), shortCircuit: true };
  const r = await next(specifier, context);
  seen.add(r.url);
  return r;
}`;

const MAIN = `
import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOKS)}));
for (const target of JSON.parse(process.argv[1])) await import(target);
const { default: loaded } = await import('gongbang:loaded');
process.stdout.write(JSON.stringify(loaded));`;

/**
 * The URLs of every module that importing `files` (built JavaScript) loads, in a fresh Node
 * process: what production would load, symlinks resolved to the real files.
 */
export async function modulesLoadedBy(files: readonly string[]): Promise<string[]> {
  const targets = JSON.stringify(files.map((f) => pathToFileURL(f).href));
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', MAIN, targets], {
    timeout: 30_000,
  });
  return JSON.parse(stdout) as string[];
}
