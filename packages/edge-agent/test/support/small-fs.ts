import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A real, small file system mounted for a test (a full disk that is really full). */
export interface SmallFs {
  dir: string;
  /** Fills it with `<dir>/filler` until the kernel says ENOSPC; returns the bytes written. */
  fill(): number;
  unmount(): void;
}

/**
 * Mounts a tmpfs of `bytes` (or, where tmpfs cannot be mounted, a loop-mounted ext4 image).
 * Needs root, as the test suite runs in CI; fails saying so otherwise.
 */
export function mountSmallFs(bytes: number): SmallFs {
  const dir = mkdtempSync(path.join(tmpdir(), 'gb-smallfs-'));
  const errors: string[] = [];
  let image: string | undefined;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    errors.push(`tmpfs: ${(err as Error).message}`);
    image = `${dir}.img`;
    try {
      execFileSync('truncate', ['-s', String(bytes), image]);
      execFileSync('mkfs.ext4', ['-q', '-F', image], { stdio: 'pipe' });
      execFileSync('mount', ['-o', 'loop', image, dir], { stdio: 'pipe' });
    } catch (err2) {
      errors.push(`loop image: ${(err2 as Error).message}`);
      rmSync(image, { force: true });
      rmSync(dir, { recursive: true, force: true });
      throw new Error(
        `cannot mount a small file system for the full-disk tests (run them as root, or allow mount -t tmpfs):\n${errors.join('\n')}`,
      );
    }
  }
  return {
    dir,
    fill() {
      const fd = openSync(path.join(dir, 'filler'), 'a');
      let written = 0;
      try {
        for (const size of [1 << 20, 64 << 10, 4 << 10, 512, 1]) {
          const chunk = Buffer.alloc(size, 0x46);
          for (;;) {
            try {
              written += writeSync(fd, chunk);
            } catch {
              break;
            }
          }
        }
      } finally {
        closeSync(fd);
      }
      return written;
    },
    unmount() {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
      if (image) rmSync(image, { force: true });
    },
  };
}
