import { chmodSync, rmSync } from 'node:fs';
import net from 'node:net';
import { describeValidationError } from '@gongbang/shared';
import type { Logger } from 'pino';
import type { Spool } from '../spool/index.js';
import { runControl } from './dead-letter-ops.js';
import { type ControlAnswer, ControlRequestSchema, MAX_REQUEST_BYTES } from './protocol.js';

/**
 * A Unix socket in the agent's data folder (mode 0600: only the agent's user) through which
 * `gongbang-agent dead-letters` asks the running agent to act on its own spool, so the
 * spool's counters stay right and the forwarder sends resent readings at once. The status
 * page stays read-only; nothing here listens on the network.
 */
export class ControlServer {
  private server: net.Server | undefined;
  private readonly log: Logger;

  constructor(
    private readonly socketPath: string,
    private readonly spool: Spool,
    logger: Logger,
  ) {
    this.log = logger.child({ component: 'control' });
  }

  async start(): Promise<void> {
    // A socket file left by a killed agent would make listen fail with EADDRINUSE.
    rmSync(this.socketPath, { force: true });
    const server = net.createServer((socket) => this.handle(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.socketPath, () => resolve());
    });
    chmodSync(this.socketPath, 0o600);
    this.server = server;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    await new Promise<void>((resolve) => s.close(() => resolve()));
    rmSync(this.socketPath, { force: true });
  }

  private handle(socket: net.Socket): void {
    let text = '';
    socket.setEncoding('utf8');
    socket.setTimeout(10_000, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > MAX_REQUEST_BYTES) return this.answer(socket, { ok: false, error: 'request too large' });
      const nl = text.indexOf('\n');
      if (nl >= 0) this.answer(socket, this.run(text.slice(0, nl)));
    });
  }

  private run(line: string): ControlAnswer {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      return { ok: false, error: 'request is not JSON' };
    }
    const req = ControlRequestSchema.safeParse(raw);
    if (!req.success) return { ok: false, error: `bad request: ${describeValidationError(req.error)}` };
    try {
      const answer = runControl(this.spool, req.data);
      if ('moved' in answer) {
        this.log.info({ moved: answer.moved, filter: req.data }, 'dead letters resent / 거부된 값 재전송');
      }
      return answer;
    } catch (err) {
      this.log.error({ err }, 'control request failed');
      return { ok: false, error: (err as Error).message };
    }
  }

  private answer(socket: net.Socket, a: ControlAnswer): void {
    socket.removeAllListeners('data');
    socket.end(`${JSON.stringify(a)}\n`);
  }
}
