import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseRegistryLocation, type RegistryLocation } from '../core/index.js';
import { Registry } from './registry.js';

/** Where the admin CLI finds the registry: `--registry` (file or postgres:// URL), else `<data-dir>/registry.db`. */
export function registryLocationFor(opts: { registry?: string; dataDir?: string }): RegistryLocation {
  if (opts.registry) return parseRegistryLocation(opts.registry);
  return { kind: 'sqlite', file: path.join(opts.dataDir ?? './data', 'registry.db') };
}

/** Opens the registry for one CLI command and always closes it. */
export async function withRegistry<T>(location: RegistryLocation, fn: (registry: Registry) => Promise<T>): Promise<T> {
  const registry = new Registry({ location });
  await registry.start();
  try {
    return await fn(registry);
  } finally {
    await registry.stop();
  }
}

/** A password for people to copy once: 20 characters, ~120 bits. */
export const generatePassword = (): string => randomBytes(15).toString('base64url');

/** Reads all of stdin (for `--password-stdin`), without the trailing newline. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
