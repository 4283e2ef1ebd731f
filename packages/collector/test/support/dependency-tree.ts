import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** The installed package `name` as Node resolves it from `fromDir` (nearest node_modules up the tree). */
function findPackage(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** One package of the tree: the chain of names that pulled it in, and where it is installed. */
export interface TreeEntry {
  chain: string[];
  dir: string | undefined;
}

/** True when the installed package builds or loads a native addon (node-gyp, prebuilds). */
export function isNative(dir: string): boolean {
  const m = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest & { gypfile?: boolean };
  const loaders = ['bindings', 'node-gyp-build', 'prebuild-install', 'node-addon-api', 'nan'];
  return (
    existsSync(path.join(dir, 'binding.gyp')) ||
    m.gypfile === true ||
    loaders.some((l) => l in (m.dependencies ?? {}) || l in (m.optionalDependencies ?? {}))
  );
}

/**
 * Every package a production install of `packageDir` brings, by name, with the chain that
 * pulled it in: dependencies, optional dependencies and required peers, followed through the
 * installed node_modules (workspace links included), never devDependencies.
 */
export function productionTree(packageDir: string): Map<string, TreeEntry> {
  const seen = new Map<string, TreeEntry>();
  const visit = (dir: string, chain: string[]) => {
    const m = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
    const names = [
      ...Object.keys(m.dependencies ?? {}),
      ...Object.keys(m.optionalDependencies ?? {}),
      ...Object.keys(m.peerDependencies ?? {}).filter((p) => !m.peerDependenciesMeta?.[p]?.optional),
    ];
    for (const name of names) {
      if (seen.has(name)) continue;
      const found = findPackage(name, dir);
      seen.set(name, { chain: [...chain, name], dir: found });
      if (found) visit(found, [...chain, name]);
    }
  };
  visit(packageDir, []);
  return seen;
}
