import http from 'node:http';
import https from 'node:https';

/** A minimal answer: status, headers we read, and the body as text. */
export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** Options of one request. */
export interface HttpRequestOptions {
  method: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** The socket may stay silent this long, ms, before the request fails with `ETIMEDOUT`. */
  timeoutMs: number;
  /** The whole exchange must be over this soon, ms, or it fails with `ETIMEDOUT`. Default: none. */
  deadlineMs?: number;
  /** Aborts the request (the forwarder's stop). */
  signal?: AbortSignal;
  /** A longer answer is cut off and the request fails with `ERESPONSETOOLARGE`. Default 8 MiB. */
  maxResponseBytes?: number;
}

/** The default cap on an answer's body: a remote config or an ack is a few KiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 2 ** 20;

// Every call of the agent to the collector (batches, heartbeats with the remote-config pull,
// enrollment, token rotation) goes through node:http. fetch would load undici on first use,
// about +17 MiB of resident memory on a mini PC (issue #11; docs/agent.md, memory).
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 2 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 2 }),
};

/**
 * One HTTP(S) request with an idle timeout, an abort signal and a cap on the answer's size.
 * Resolves with any status (redirects are not followed: see `answerText`); rejects on
 * network errors, timeouts, aborts and oversized answers only.
 */
export function httpRequest(url: URL, opts: HttpRequestOptions): Promise<HttpAnswer> {
  const mod = url.protocol === 'https:' ? https : http;
  const max = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  return new Promise<HttpAnswer>((resolve, reject) => {
    const req = mod.request(
      url,
      {
        method: opts.method,
        headers:
          opts.body === undefined ? opts.headers : { ...opts.headers, 'content-length': Buffer.byteLength(opts.body) },
        agent: agents[url.protocol as 'http:' | 'https:'],
        signal: opts.signal,
        timeout: opts.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          if (bytes > max) {
            const err = new Error(`the answer of ${url.origin} is longer than ${max} bytes`);
            req.destroy(Object.assign(err, { code: 'ERESPONSETOOLARGE' }));
            return;
          }
          chunks.push(c);
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(timeoutError(`no answer within ${opts.timeoutMs} ms`)));
    req.on('error', reject);
    const deadline =
      opts.deadlineMs === undefined
        ? undefined
        : setTimeout(
            () => req.destroy(timeoutError(`no complete answer within ${opts.deadlineMs} ms`)),
            opts.deadlineMs,
          );
    // 'close' comes when the answer is read or the request failed: either way the deadline is moot.
    req.on('close', () => clearTimeout(deadline));
    req.end(opts.body);
  });
}

function timeoutError(message: string): Error {
  return Object.assign(new Error(message), { code: 'ETIMEDOUT' });
}

/** Whether the status is a success (2xx). */
export function isOk(answer: HttpAnswer): boolean {
  return answer.status >= 200 && answer.status < 300;
}

/**
 * The status and the start of the body, for error messages. A redirect names its target:
 * the agent does not follow redirects (a bearer token must not travel to another address),
 * so the technician puts the final address in `collector.url`.
 */
export function answerText(answer: HttpAnswer, maxChars = 200): string {
  const to = answer.headers.location;
  if (answer.status >= 300 && answer.status < 400 && to)
    return `${answer.status}, a redirect to ${to}: put the final address in collector.url / collector.url에 최종 주소를 쓰세요`;
  return `${answer.status}: ${answer.text.slice(0, maxChars)}`;
}

/** Parses a JSON body; undefined when it is not JSON. */
export function answerJson(answer: HttpAnswer): unknown {
  try {
    return JSON.parse(answer.text);
  } catch {
    return undefined;
  }
}
