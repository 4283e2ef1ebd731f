import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes a file readable by its owner only (0600), atomically: a temp file in the same folder
 * is written, synced and renamed over the target, so a power cut leaves the old or the new
 * file, never half of one.
 */
export function writePrivateFile(file: string, content: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode: 0o600, flush: true });
  // The mode of writeFileSync is filtered by the umask and ignored for an existing file.
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}
