import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveLang } from '@gongbang/shared';
import type { Logger } from 'pino';
import { HostCheck } from './host-check.js';
import type { AgentStatus } from './model.js';
import { renderStatusHtml } from './render-html.js';

/** Where the local status page listens. */
export interface StatusPageOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
}

/**
 * The read-only local status page on the mini PC: `GET /` (HTML, Korean or English by `?lang=`
 * or Accept-Language) and `GET /status.json`. Anything else is refused; nothing here changes the agent.
 */
export class StatusServer {
  private server: http.Server | undefined;
  private readonly log: Logger;
  private readonly hostCheck: HostCheck;

  constructor(
    private readonly opts: StatusPageOptions,
    private readonly status: () => AgentStatus,
    logger: Logger,
  ) {
    this.log = logger.child({ component: 'status-page' });
    this.hostCheck = new HostCheck(opts.host);
  }

  /** Listens; resolves with the page's URL. */
  async start(): Promise<string> {
    const server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port, this.opts.host, () => resolve());
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    const host = this.opts.host.includes(':') ? `[${this.opts.host}]` : this.opts.host;
    return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/`;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    // On every answer, refusals included: no MIME sniffing, no framing by another site.
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('x-frame-options', 'DENY');
    // DNS rebinding: a foreign name pointed at this machine must not read the page (host-check.ts).
    if (!this.hostCheck.allows(req.headers.host)) {
      this.log.warn({ host: req.headers.host?.slice(0, 200) }, 'refused a request for a foreign host name');
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end(
        '이 주소로는 상태 페이지를 열 수 없습니다. http://127.0.0.1 또는 이 PC의 IP 주소로 여세요.\n' +
          "Misdirected request: open the status page at http://127.0.0.1 or at this PC's IP address.\n",
      );
      return;
    }
    const url = new URL(req.url ?? '/', 'http://local');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('읽기 전용 / read-only\n');
      return;
    }
    try {
      if (url.pathname === '/status.json') {
        send(res, 'application/json', JSON.stringify(this.status()));
      } else if (url.pathname === '/') {
        const lang = resolveLang(url.searchParams.get('lang') ?? undefined, [req.headers['accept-language']]);
        send(res, 'text/html; charset=utf-8', renderStatusHtml(this.status(), lang));
      } else {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('없음 / not found\n');
      }
    } catch (err) {
      this.log.error({ err }, 'status page failed');
      res.writeHead(500).end();
    }
  }
}

function send(res: http.ServerResponse, type: string, body: string): void {
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}
