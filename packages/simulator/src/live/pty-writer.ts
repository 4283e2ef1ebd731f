import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';

/**
 * Writes a virtual device's bytes into its end of a pseudo-terminal. One write at a time: while
 * the agent does not read (not started yet, or stopped), the pty fills up and a write waits;
 * what the device sends meanwhile is dropped and counted, as a real device's output would be lost.
 */
export class PtyWriter {
  private fd: FileHandle | null = null;
  private pending: Promise<void> | null = null;
  /** Writes handed to the pty. */
  written = 0;
  /** Writes dropped because the previous one had not gone through. */
  dropped = 0;

  constructor(private readonly path: string) {}

  async open(): Promise<void> {
    // O_NOCTTY: the device end must never become this process's controlling terminal.
    this.fd = await open(this.path, constants.O_RDWR | constants.O_NOCTTY);
  }

  write(bytes: Buffer): void {
    const fd = this.fd;
    if (!fd) return;
    if (this.pending) {
      this.dropped++;
      return;
    }
    this.pending = fd
      .write(bytes)
      .then(() => {
        this.written++;
      })
      .catch(() => {
        this.dropped++;
      })
      .finally(() => {
        this.pending = null;
      });
  }

  async close(): Promise<void> {
    const fd = this.fd;
    this.fd = null;
    await fd?.close();
  }
}
