import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The binary whose first line holds the agent's memory settings. They live there, and only
 * there, because options of `node` itself must be on its command line (V8 refuses
 * `--optimize-for-size` and `--lite-mode` in NODE_OPTIONS; `v8.setFlagsFromString` at start-up
 * leaves the young generation at 32 MiB) and glibc reads MALLOC_ARENA_MAX before any code runs.
 */
export const AGENT_BIN_FILE = fileURLToPath(new URL('../../bin/gongbang-agent.js', import.meta.url));

/** What `node` is started with: environment variables and node's own options. */
export interface NodeSettings {
  env: Record<string, string>;
  nodeArgs: string[];
}

/**
 * Reads `#!/usr/bin/env -S NAME=VALUE … node --option …`: the assignments env makes before it
 * runs node, and the options it gives node.
 */
export function parseShebang(line: string): NodeSettings {
  const m = /^#!\s*\S*\/env\s+-S\s+(.*)$/.exec(line.trim());
  if (!m) throw new Error(`not an "#!/usr/bin/env -S … node …" line: ${line}`);
  const words = m[1]!.trim().split(/\s+/);
  const node = words.indexOf('node');
  if (node < 0) throw new Error(`no "node" in the first line: ${line}`);
  const env: Record<string, string> = {};
  for (const w of words.slice(0, node)) {
    const i = w.indexOf('=');
    if (i < 1) throw new Error(`"${w}" before "node" is not NAME=VALUE: ${line}`);
    env[w.slice(0, i)] = w.slice(i + 1);
  }
  return { env, nodeArgs: words.slice(node + 1) };
}

/** The settings on the first line of `bin/gongbang-agent.js`. */
export function binSettings(file = AGENT_BIN_FILE): NodeSettings {
  return parseShebang(readFileSync(file, 'utf8').split('\n', 1)[0] ?? '');
}

/** The settings this process lacks (`--lite-mode`, `MALLOC_ARENA_MAX=2`, …); empty when it has them all. */
export function missingSettings(
  wanted: NodeSettings,
  execArgv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  const missing = wanted.nodeArgs.filter((a) => !execArgv.includes(a));
  for (const [k, v] of Object.entries(wanted.env)) if (env[k] !== v) missing.push(`${k}=${v}`);
  return missing;
}
