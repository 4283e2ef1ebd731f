import { closeSync, fsyncSync, openSync, rmSync, statfsSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';

const CHUNK = 64 * 1024;

/**
 * A file of zeros (`<spool>.reserve`) kept beside the spool while the disk has room. Deleting
 * readings from a SQLite file needs space too (the WAL takes the changed pages first), so on a
 * full disk the spool could not acknowledge and shrink (issue #10, item 19); releasing the
 * reserve gives it that room. It is re-made only once the disk has plenty free again, so it
 * never takes back the space the spool needs.
 */
export class DiskReserve {
  constructor(
    private readonly file: string,
    private readonly bytes: number,
  ) {}

  /** The reserve is on disk, whole. */
  held(): boolean {
    try {
      return statSync(this.file).size >= this.bytes;
    } catch {
      return false;
    }
  }

  /** Gives the space back to the file system; true when there was something to give. */
  release(): boolean {
    const had = this.exists();
    rmSync(this.file, { force: true });
    return had;
  }

  /**
   * Writes the reserve when it is missing and the disk has at least `freeFactor` times its size
   * free. Real zeros, not a sparse file: a hole would reserve nothing. Returns whether it is held.
   */
  make(freeFactor = 4): boolean {
    if (this.bytes <= 0 || this.held()) return true;
    try {
      const fs = statfsSync(path.dirname(this.file));
      if (fs.bavail * fs.bsize < this.bytes * freeFactor) return false;
    } catch {
      return false;
    }
    const zeros = Buffer.alloc(CHUNK);
    let fd: number | undefined;
    try {
      fd = openSync(this.file, 'w');
      for (let done = 0; done < this.bytes; done += CHUNK) writeSync(fd, zeros, 0, Math.min(CHUNK, this.bytes - done));
      // Now, not in the spool's next commit: on ext4 that fsync would otherwise also flush these blocks.
      fsyncSync(fd);
      closeSync(fd);
      return true;
    } catch {
      if (fd !== undefined) closeSync(fd);
      rmSync(this.file, { force: true });
      return false;
    }
  }

  private exists(): boolean {
    try {
      statSync(this.file);
      return true;
    } catch {
      return false;
    }
  }
}
