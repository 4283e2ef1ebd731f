import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { assertAlive, type ManagedProcess, requireBinary, startProcess, tempDir, waitFor } from './util.js';

/** A pseudo-terminal pair: bytes written to one end come out of the other, like a null-modem cable. */
export interface PtyPair {
  /** Stable symlink for the device side (what the agent opens, like /dev/serial/by-id/…). */
  devicePath: string;
  /** Stable symlink for the test side (where the test writes scanner bytes). */
  testPath: string;
  /** Resolved /dev/pts/N of each end. */
  deviceTty: string;
  testTty: string;
  process: ManagedProcess;
  /** Kills socat (the port disappears, like an unplugged USB scanner) and removes the temp dir. */
  close: () => Promise<void>;
}

/**
 * Starts `socat` with two raw ptys. `dir` fixes where the links live so a test can recreate
 * the same paths after an unplug.
 */
export async function startPtyPair(opts: { dir?: string; name?: string } = {}): Promise<PtyPair> {
  const socat = requireBinary('socat', 'socat');
  const owned = opts.dir ? null : await tempDir('gongbang-pty-');
  const dir = opts.dir ?? owned!.dir;
  const name = opts.name ?? 'tty';
  const devicePath = path.join(dir, `${name}-device`);
  const testPath = path.join(dir, `${name}-test`);
  const proc = startProcess(socat, [
    '-d',
    '-d',
    `pty,raw,echo=0,link=${devicePath}`,
    `pty,raw,echo=0,link=${testPath}`,
  ]);
  try {
    await waitFor(
      'socat pty links',
      () => {
        assertAlive(proc, 'socat');
        return existsSync(devicePath) && existsSync(testPath) && /starting data transfer loop/.test(proc.output());
      },
      { timeoutMs: 10_000 },
    );
  } catch (err) {
    await proc.stop();
    await owned?.remove();
    throw err;
  }
  return {
    devicePath,
    testPath,
    deviceTty: realpathSync(devicePath),
    testTty: realpathSync(testPath),
    process: proc,
    close: async () => {
      await proc.stop();
      await owned?.remove();
    },
  };
}
