import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';

/** The `socat` executable on PATH, or null. */
export function socatOnPath(envPath = process.env.PATH ?? ''): string | null {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, 'socat');
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {}
  }
  return null;
}

/** A socat pseudo-terminal pair: bytes written to `devicePath` come out of `agentPath`, like a null-modem cable. */
export class SocatPtyPair {
  /** What the agent opens as its serial port. */
  readonly agentPath: string;
  /** Where the virtual device writes. */
  readonly devicePath: string;
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private output = '';

  constructor(
    private readonly socat: string,
    dir: string,
    name: string,
  ) {
    this.agentPath = path.join(dir, `${name}-agent`);
    this.devicePath = path.join(dir, `${name}-device`);
  }

  /** socat's pid while it runs. */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Starts socat and resolves once both links exist and it copies data; rejects with its output after `timeoutMs`. */
  async start(timeoutMs = 10_000): Promise<void> {
    const child = spawn(
      this.socat,
      ['-d', '-d', `pty,raw,echo=0,link=${this.agentPath}`, `pty,raw,echo=0,link=${this.devicePath}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', () => resolve());
    });
    child.stderr?.on('data', (d: Buffer) => {
      if (this.output.length < 8192) this.output += d.toString();
    });
    const deadline = Date.now() + timeoutMs;
    while (
      !(existsSync(this.agentPath) && existsSync(this.devicePath) && /starting data transfer loop/.test(this.output))
    ) {
      if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
        await this.stop();
        throw new Error(`socat did not make a pty pair at ${this.agentPath}: ${this.output.trim() || 'no output'}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Ends socat (SIGTERM, SIGKILL after 2 s) and waits for it; socat removes its links. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), 2_000);
    await this.exited;
    clearTimeout(force);
  }
}
