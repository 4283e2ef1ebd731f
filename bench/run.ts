// `npm run bench`: runs every bench/*.bench.ts (or the ones named on the command line) and
// writes their results, with the machine they ran on, to bench/results.json.
// `npm run bench -- agent-soak --out /tmp/soak.json` writes elsewhere (a partial run must not
// replace the committed figures). Benchmarks that export `byNameOnly` (long soaks) run only
// when named.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** What a benchmark module exports. Figures are medians of repeated runs, with their baseline. */
export interface BenchModule {
  run: (log: (msg: string) => void) => Promise<Record<string, unknown>>;
  /** Runs only when named on the command line (e.g. a half-hour soak). */
  byNameOnly?: boolean;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const { values, positionals: only } = parseArgs({
  args: process.argv.slice(2),
  options: { out: { type: 'string' } },
  allowPositionals: true,
});
const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts')).sort();
const named = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;
const outPath = path.resolve(values.out ?? path.join(here, 'results.json'));
let previous: Record<string, unknown> = {};
try {
  previous = JSON.parse(await readFile(outPath, 'utf8')).benchmarks ?? {};
} catch {}

const benchmarks: Record<string, unknown> = { ...previous };
let ran = 0;
for (const f of named) {
  const name = f.replace(/\.bench\.ts$/, '');
  const mod = (await import(pathToFileURL(path.join(here, f)).href)) as BenchModule;
  if (mod.byNameOnly && !only.some((o) => name === o || f === o)) {
    console.log(`== ${name}: skipped (run it by name: npm run bench -- ${name})`);
    continue;
  }
  console.log(`== ${name}`);
  const started = Date.now();
  benchmarks[name] = { ...(await mod.run((m) => console.log(`   ${m}`))), ranAt: new Date(started).toISOString() };
  ran++;
}
const machine = {
  node: process.version,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memGiB: Math.round(os.totalmem() / 2 ** 30),
  platform: `${os.platform()} ${os.release()}`,
};
await writeFile(outPath, `${JSON.stringify({ machine, benchmarks }, null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), outPath)} (${ran} benchmark(s) run)`);
