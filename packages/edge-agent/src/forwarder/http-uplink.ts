import { promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';
import { ApiErrorSchema, ERROR_CODES, type ErrorCode, IngestAckSchema, WIRE_VERSION } from '@gongbang/shared';
import { type HttpAnswer, httpRequest } from '../http/index.js';
import { type Delivery, type OutgoingBatch, type Uplink, UplinkError } from './uplink.js';

const gzip = promisify(gzipCb);

/** Settings of the HTTP uplink. */
export interface HttpUplinkOptions {
  /** Collector base URL, e.g. `https://collector.example.kr`. */
  url: string;
  agentId: string;
  /**
   * Bearer token, or a function asked before each request (so a rotated token file is picked
   * up); undefined sends no Authorization header (the collector answers 401).
   */
  token: string | undefined | (() => string | undefined);
  /** Compress bodies with gzip. Default true. */
  gzip: boolean;
  /** Per-request timeout, ms. */
  requestTimeoutMs: number;
  now?: () => number;
}

const STATUS_CODES: Record<number, ErrorCode> = Object.fromEntries(
  Object.entries(ERROR_CODES).map(([code, v]) => [v.status, code as ErrorCode]),
);

/** POSTs batches to `/api/v1/ingest` as the wire protocol (docs/wire-protocol.md) says. */
export class HttpUplink implements Uplink {
  private readonly ingestUrl: URL;
  private readonly healthUrl: URL;
  private readonly now: () => number;

  constructor(private readonly opts: HttpUplinkOptions) {
    const base = opts.url.replace(/\/+$/, '');
    this.ingestUrl = new URL(`${base}/api/v1/ingest`);
    this.healthUrl = new URL(`${base}/healthz`);
    this.now = opts.now ?? Date.now;
  }

  async send(batch: OutgoingBatch, signal?: AbortSignal): Promise<Delivery> {
    const sentAt = this.now();
    const head = JSON.stringify({
      v: WIRE_VERSION,
      agentId: this.opts.agentId,
      batchId: batch.batchId,
      firstSeq: batch.firstSeq,
      lastSeq: batch.lastSeq,
      sentAt,
    });
    const json = `${head.slice(0, -1)},"readings":[${batch.readings.join(',')}]}`;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const t = this.opts.token;
    const token = typeof t === 'function' ? t() : t;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: Buffer | string = json;
    if (this.opts.gzip) {
      body = await gzip(json, { level: 3 });
      headers['content-encoding'] = 'gzip';
    }
    let res: HttpAnswer;
    try {
      res = await httpRequest(this.ingestUrl, {
        method: 'POST',
        headers,
        body,
        timeoutMs: this.opts.requestTimeoutMs,
        signal,
      });
    } catch (err) {
      throw new UplinkError('network', `collector unreachable: ${causeText(err)}`, true, { cause: err });
    }
    const answeredAt = this.now();
    if (res.status >= 200 && res.status < 300) {
      const parsed = IngestAckSchema.safeParse(safeJson(res.text));
      if (!parsed.success) {
        throw new UplinkError('bad_response', `ack does not match the wire contract (${res.status})`, true, {
          status: res.status,
        });
      }
      return { ack: parsed.data, sentAt, answeredAt };
    }
    throw errorFromAnswer(res, answeredAt);
  }

  async probe(signal?: AbortSignal): Promise<boolean> {
    try {
      const res = await httpRequest(this.healthUrl, { method: 'GET', timeoutMs: this.opts.requestTimeoutMs, signal });
      return res.status < 500;
    } catch {
      return false;
    }
  }
}

function errorFromAnswer(res: HttpAnswer, now: number): UplinkError {
  const parsed = ApiErrorSchema.safeParse(safeJson(res.text));
  const fallback = STATUS_CODES[res.status] ?? (res.status >= 500 ? 'internal' : 'bad_response');
  const e = parsed.success ? parsed.data.error : undefined;
  const retryAfterMs = parseRetryAfter(headerText(res.headers['retry-after']), now) ?? secondsToMs(e?.retryAfterS);
  const retryable = e?.retryable ?? (res.status >= 500 || res.status === 408 || res.status === 429);
  return new UplinkError(e?.code ?? fallback, e?.message ?? `HTTP ${res.status}`, retryable, {
    status: res.status,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(e?.issues ? { issues: e.issues } : {}),
  });
}

/** Retry-After is delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
export function parseRetryAfter(h: string | null, now: number): number | undefined {
  if (!h) return undefined;
  if (/^\d+$/.test(h.trim())) return Number(h.trim()) * 1000;
  const at = Date.parse(h);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function secondsToMs(s: number | undefined): number | undefined {
  return s === undefined ? undefined : s * 1000;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function causeText(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e.code ?? e.message ?? String(err);
}

function headerText(h: string | string[] | undefined): string | null {
  return Array.isArray(h) ? (h[0] ?? null) : (h ?? null);
}
