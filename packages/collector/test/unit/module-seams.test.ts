import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { READING_KINDS } from '@gongbang/shared';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../src/core/access.js';
import { STOP_REASON_CODES } from '../../src/metrics/reasons.js';
import { INDUSTRIES, STAGE_NAMES } from '../../src/registry/schemas.js';

const SRC = path.resolve(import.meta.dirname, '../../src');

/** Every .ts file under src, as a path relative to src. */
function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') ? [path.relative(SRC, full)] : [];
  });
}

/** The folder a file belongs to (`core`, `auth`, …); a file at the top (`app.ts`) is a node of its own. */
const folderOf = (file: string): string => (file.includes(path.sep) ? file.split(path.sep)[0]! : file);

/** Relative imports and re-exports of a file (type-only ones too: they couple modules as much). */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(SRC, file), 'utf8');
  const specs = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
  return specs.map((s) => path.relative(SRC, path.resolve(path.dirname(path.join(SRC, file)), s)));
}

/** Folder → the other folders it imports. */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sources()) {
    const from = folderOf(file);
    const deps = graph.get(from) ?? new Set<string>();
    graph.set(from, deps);
    for (const target of importsOf(file)) {
      const to = folderOf(target);
      if (to !== from) deps.add(to);
    }
  }
  return graph;
}

/** A cycle through the graph as `a → b → a`, or undefined when there is none. */
function findCycle(graph: Map<string, Set<string>>): string | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string | undefined => {
    if (state.get(n) === 'done') return undefined;
    if (state.get(n) === 'open') return [...stack.slice(stack.indexOf(n)), n].join(' → ');
    state.set(n, 'open');
    stack.push(n);
    for (const m of graph.get(n) ?? []) {
      const c = visit(m);
      if (c) return c;
    }
    stack.pop();
    state.set(n, 'done');
    return undefined;
  };
  for (const n of graph.keys()) {
    const c = visit(n);
    if (c) return c;
  }
  return undefined;
}

/** Files under src whose text matches. */
const filesMatching = (re: RegExp): string[] =>
  sources().filter((f) => re.test(readFileSync(path.join(SRC, f), 'utf8')));

/** Files with an array literal that names every one of `values` (a copied enum list). */
const filesListingAll = (values: readonly string[]): string[] =>
  sources().filter((f) =>
    [...readFileSync(path.join(SRC, f), 'utf8').matchAll(/\[([^[\]]*)\]/g)].some((m) =>
      values.every((v) => m[1]!.includes(`'${v}'`)),
    ),
  );

describe('module seams of the collector (issue #11)', () => {
  it('has no import cycle between folders', () => {
    expect(findCycle(folderGraph())).toBeUndefined();
  });

  it('finds a cycle when there is one (the check itself works)', () => {
    const g = new Map([
      ['registry', new Set(['auth'])],
      ['auth', new Set(['core', 'registry'])],
      ['core', new Set<string>()],
    ]);
    expect(findCycle(g)).toBe('registry → auth → registry');
  });

  it('keeps core/ below everything: it imports no other folder', () => {
    expect([...(folderGraph().get('core') ?? [])]).toEqual([]);
  });

  it('keeps registry/ below auth, users, enrollment, remote-config and the composition', () => {
    const deps = [...(folderGraph().get('registry') ?? [])].sort();
    expect(deps.filter((d) => ['auth', 'users', 'enrollment', 'remote-config', 'compose'].includes(d))).toEqual([]);
  });

  it('has one access plugin: only one file sets the request principal', () => {
    expect(filesMatching(/decorateRequest\(\s*'principal'/)).toEqual([path.join('auth', 'access-plugin.ts')]);
  });

  it('has one family of authenticator types, declared in core/principal.ts', () => {
    expect(filesMatching(/interface \w*Authenticator\b/)).toEqual([path.join('core', 'principal.ts')]);
  });

  it('has one error handler (http/errors.ts) and no constant-time comparison of its own', () => {
    expect(filesMatching(/\.setErrorHandler\(/)).toEqual([path.join('http', 'errors.ts')]);
    // The project's one is @gongbang/shared/node's safeEqual (packages/shared/test/unit/safe-equal.test.ts).
    expect(filesMatching(/timingSafeEqual/)).toEqual([]);
  });

  it('writes each enum list once and derives the rest from it', () => {
    expect(filesListingAll(ROLES)).toEqual([path.join('core', 'access.ts')]);
    expect(filesListingAll(STAGE_NAMES)).toEqual([path.join('registry', 'schemas.ts')]);
    expect(filesListingAll(INDUSTRIES)).toEqual([path.join('registry', 'schemas.ts')]);
    expect(filesListingAll(STOP_REASON_CODES)).toEqual([path.join('metrics', 'reasons.ts')]);
    // Reading kinds belong to the wire contract (@gongbang/shared): no copy in the collector.
    expect(filesListingAll(READING_KINDS)).toEqual([]);
  });
});
