import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { safeEqual } from '@gongbang/shared/node';
import { describe, expect, it } from 'vitest';

const packagesDir = fileURLToPath(new URL('../../../', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : sourceFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

describe('safeEqual', () => {
  it('answers equal for the same secret as text or bytes', () => {
    expect(safeEqual('gbu_abc', 'gbu_abc')).toBe(true);
    expect(safeEqual('비밀번호', Buffer.from('비밀번호', 'utf8'))).toBe(true);
  });

  it('answers unequal for a different secret of the same length, another length, or the empty string', () => {
    expect(safeEqual('gbu_abc', 'gbu_abd')).toBe(false);
    expect(safeEqual('gbu_abc', 'gbu_ab')).toBe(false);
    expect(safeEqual('', 'x')).toBe(false);
    // Same characters, different normal forms: bytes differ, so the secrets differ.
    expect(safeEqual('\u00e9', 'e\u0301')).toBe(false);
  });

  it('is the only constant-time comparison in the packages (one place to get right)', () => {
    const users = Object.fromEntries(
      readdirSync(packagesDir).map((pkg) => [
        pkg,
        sourceFiles(path.join(packagesDir, pkg, 'src'))
          .filter((f) => readFileSync(f, 'utf8').includes('timingSafeEqual'))
          .map((f) => path.relative(packagesDir, f)),
      ]),
    );
    expect(Object.values(users).flat()).toEqual([path.join('shared', 'src', 'node', 'safe-equal.ts')]);
  });
});
