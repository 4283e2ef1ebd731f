// `npm run bench`: runs every bench/*.bench.ts (or the ones named on the command line) and
// writes their results, with the machine they ran on, to bench/results.json.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What a benchmark module exports. Figures are medians of repeated runs, with their baseline. */
export interface BenchModule {
  run: (log: (msg: string) => void) => Promise<Record<string, unknown>>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts')).sort();
const chosen = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;
const outPath = path.join(here, 'results.json');
let previous: Record<string, unknown> = {};
try {
  previous = JSON.parse(await readFile(outPath, 'utf8')).benchmarks ?? {};
} catch {}

const benchmarks: Record<string, unknown> = { ...previous };
for (const f of chosen) {
  const name = f.replace(/\.bench\.ts$/, '');
  console.log(`== ${name}`);
  const mod = (await import(pathToFileURL(path.join(here, f)).href)) as BenchModule;
  const started = Date.now();
  benchmarks[name] = { ...(await mod.run((m) => console.log(`   ${m}`))), ranAt: new Date(started).toISOString() };
}
const machine = {
  node: process.version,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memGiB: Math.round(os.totalmem() / 2 ** 30),
  platform: `${os.platform()} ${os.release()}`,
};
await writeFile(outPath, `${JSON.stringify({ machine, benchmarks }, null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), outPath)} (${chosen.length} benchmark(s) run)`);
