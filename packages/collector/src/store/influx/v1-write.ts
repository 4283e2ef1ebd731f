import http from 'node:http';
import https from 'node:https';
import { HttpError, RequestTimedOutError } from '@influxdata/influxdb-client';

/** Where and how {@link V1LineWriter} writes. */
export interface V1LineWriterOptions {
  /** Base URL, e.g. `http://127.0.0.1:8086` (a path prefix is kept: `https://proxy/influx`). */
  url: string;
  database: string;
  retentionPolicy?: string;
  /** Sent with every write (basic auth). */
  headers: Record<string, string>;
  /** Per-request timeout, ms. */
  timeoutMs: number;
}

/** At most this much of an error answer is kept for the message. */
const MAX_ERROR_BODY = 1000;

/**
 * POSTs line protocol to InfluxDB 1.x's `/write` as bytes. The InfluxDB client's transport
 * takes the body as a string and encodes it again (`Buffer.from`), so a batch's lines went
 * bytes → string → bytes: 4–5 % of the collector's main thread under load (issue #11). Failures
 * are the client's own errors (`HttpError` with the status and InfluxDB's message,
 * `RequestTimedOutError`), so the store maps them in one place whichever path wrote.
 */
export class V1LineWriter {
  private readonly target: URL;
  private readonly agent: http.Agent;
  private readonly request: typeof http.request;

  constructor(private readonly options: V1LineWriterOptions) {
    const q = new URLSearchParams({ db: options.database, precision: 'ns' });
    if (options.retentionPolicy) q.set('rp', options.retentionPolicy);
    this.target = new URL(`${options.url.replace(/\/+$/, '')}/write?${q}`);
    const secure = this.target.protocol === 'https:';
    if (!secure && this.target.protocol !== 'http:') {
      throw new Error(`InfluxDB url ${options.url}: expected http:// or https://`);
    }
    this.agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
    this.request = secure ? https.request : http.request;
  }

  /** Resolves once InfluxDB answered 2xx; rejects with HttpError, RequestTimedOutError or a socket error. */
  write(body: Uint8Array): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const req = this.request(
        this.target,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'text/plain; charset=utf-8',
            'content-length': String(body.byteLength),
            ...this.options.headers,
          },
        },
        (res) => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            res.resume();
            res.once('end', resolve);
            res.once('error', reject);
            return;
          }
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            if (text.length < MAX_ERROR_BODY) text += chunk;
          });
          res.once('error', reject);
          res.once('end', () => {
            const h = res.headers;
            const body = text.slice(0, MAX_ERROR_BODY) || String(h['x-influxdb-error'] ?? '');
            reject(new HttpError(status, res.statusMessage, body, h['retry-after'], h['content-type'], undefined, h));
          });
        },
      );
      req.setTimeout(this.options.timeoutMs, () => req.destroy(new RequestTimedOutError()));
      req.once('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
