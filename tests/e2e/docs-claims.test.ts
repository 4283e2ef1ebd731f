import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// The README, the docs and both binaries' --help describe the code as it stands: what is not
// built yet is called planned, the README leads to every doc page, and no link points nowhere.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const read = (p: string) => readFileSync(path.join(ROOT, p), 'utf8');
const DOC_PAGES = readdirSync(path.join(ROOT, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => `docs/${f}`);
const PAGES = ['README.md', 'CONTRIBUTING.md', 'docker/README.md', ...DOC_PAGES];

/**
 * Things that do not exist yet; a paragraph naming one must say it is planned. KPIs and their
 * rollups (docs/metrics.md), the stage-gain evaluation (docs/evaluation.md) and the simulator's
 * live devices (docs/simulator.md, which says itself what of the simulator is planned) are built
 * and may be described, and so is the dashboard (docs/dashboard.md: sign-in, the
 * owner's, technician's, evaluator's and admin's pages with everyone's /account). Not built: what
 * docs/dashboard.md lists as planned — a live view of one input's readings, syntax colouring in the
 * config editor.
 */
const UNBUILT = /live view of one input|syntax colou?ring|입력 하나의 실시간|구문 강조/i;
const PLANNED = /planned|계획/i;

/** Paragraphs (blocks between blank lines) that name something unbuilt without saying it is planned. */
function unplannedClaims(text: string): string[] {
  return text.split(/\n\s*\n/).filter((p) => UNBUILT.test(p) && !PLANNED.test(p));
}

describe('docs and --help claim only what the code does', () => {
  it('the README links every doc page', () => {
    const readme = read('README.md');
    const linked = new Set([...readme.matchAll(/\]\(([^)#\s]+)/g)].map((m) => m[1]));
    for (const page of [...DOC_PAGES, 'docker/README.md', 'CONTRIBUTING.md', 'CHANGELOG.md'])
      expect(linked, `README.md does not link ${page}`).toContain(page);
  });

  it.each(PAGES)('every relative link of %s points at a file that exists', (page) => {
    const text = read(page);
    for (const [, target = ''] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/i.test(target)) continue; // http:, https:, mailto:
      expect(existsSync(path.join(ROOT, path.dirname(page), target)), `${page} links ${target}`).toBe(true);
    }
  });

  it.each(PAGES)("%s calls the dashboard's unbuilt pages planned", (page) => {
    expect(unplannedClaims(read(page))).toEqual([]);
  });

  it('the package description calls what is not built planned', () => {
    const { description } = JSON.parse(read('package.json')) as { description: string };
    expect(unplannedClaims(description)).toEqual([]);
  });

  it.each(['collector/bin/gongbang-collector.js', 'edge-agent/bin/gongbang-agent.js'])(
    '%s --help calls what is not built planned',
    async (bin) => {
      const { stdout } = await run(process.execPath, [path.join(ROOT, 'packages', bin), '--help']);
      expect(unplannedClaims(stdout)).toEqual([]);
    },
  );
});
