import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { promisify } from 'node:util';
import { gunzip as gunzipCb } from 'node:zlib';
import {
  type ApiError,
  apiError,
  BatchSchema,
  ERROR_CODES,
  type ErrorCode,
  type IngestAck,
  type Reading,
  validationIssues,
  WIRE_VERSION,
} from '@gongbang/shared';

const gunzip = promisify(gunzipCb);

/** How the receiver answers the next ingest requests. */
export type ReceiverMode =
  | { kind: 'ok' }
  | { kind: 'error'; status: 500 }
  | { kind: 'unavailable'; retryAfterS: number }
  | { kind: 'unauthorized' };

export interface ReceiverOptions {
  /** Validate every batch with BatchSchema (the collector does). Default true; the bench turns it off to measure the agent. */
  validate?: boolean;
  /** Answer 413 to batches with more readings than this. */
  maxReadings?: number;
  /** Expected bearer token; others get 401. */
  token?: string;
  /** Port to listen on (0 = any free port). */
  port?: number;
  /** Keep the stored readings (default true); false only counts them (benchmarks with millions). */
  keep?: boolean;
}

/**
 * A small real HTTP server that speaks the ingest side of the wire protocol: checks each
 * batch against BatchSchema, stores readings idempotently by seq and acks with IngestAck. It
 * can be told to fail (500, 503 + Retry-After, 401), to refuse large batches (413), to refuse
 * batches containing poisoned seqs (400), and to go down and come back on the same port.
 */
export class TestReceiver {
  /** Stored readings by seq (the first copy). */
  readonly stored = new Map<number, Reading>();
  /** Seqs received again after they were stored, with how often. */
  readonly duplicates = new Map<number, number>();
  /** Seqs whose repeat had different content (must stay empty). */
  readonly conflicts: number[] = [];
  /** HTTP statuses answered to ingest requests, in order. */
  readonly answers: number[] = [];
  readonly poisoned = new Set<number>();
  /** Readings acknowledged as stored (also when `keep` is false). */
  storedCount = 0;
  /** Heartbeats answered (`POST /api/v1/agent/heartbeat`, answered with no new config). */
  heartbeats = 0;
  /** Batches with a reading this returns true for are refused with 400 (a poisoned batch). */
  poison: (r: Reading) => boolean = () => false;
  /** Answer 413 to batches with more readings than this. */
  maxReadings: number | undefined;
  mode: ReceiverMode = { kind: 'ok' };
  /** Added to serverTime in acks, ms (to test clock-offset detection). */
  clockSkewMs = 0;
  private server: http.Server | undefined;
  private readonly sockets = new Set<Socket>();
  private boundPort = 0;

  constructor(private readonly opts: ReceiverOptions = {}) {
    this.maxReadings = opts.maxReadings;
  }

  get port(): number {
    return this.boundPort;
  }
  get url(): string {
    return `http://127.0.0.1:${this.boundPort}`;
  }

  async start(): Promise<void> {
    const server = http.createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 5_000;
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort || this.opts.port || 0, '127.0.0.1', () => resolve());
    });
    this.boundPort = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Closes the port and every open connection (the collector is gone). */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    for (const sock of this.sockets) sock.destroy();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Readings of one source, in seq order. */
  readingsOf(source: string): Reading[] {
    return [...this.stored.values()].filter((r) => r.source === source).sort((a, b) => a.seq - b.seq);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method === 'GET' && req.url === '/healthz') return send(res, 200, { ok: true });
    if (req.method === 'GET' && req.url === '/count')
      return send(res, 200, { stored: this.storedCount, heartbeats: this.heartbeats, batches: this.answers.length });
    if (req.method === 'POST' && req.url === '/api/v1/agent/heartbeat') {
      for await (const _ of req);
      this.heartbeats++;
      return send(res, 200, { v: 1, serverTime: Date.now(), configVersion: null, config: null });
    }
    if (req.method !== 'POST' || req.url !== '/api/v1/ingest') return send(res, 404, {});
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let buf = Buffer.concat(chunks);
    const answer = (status: number, body: IngestAck | ApiError, headers: Record<string, string> = {}) => {
      this.answers.push(status);
      send(res, status, body, headers);
    };
    const fail = (code: ErrorCode, message: string, extra: Parameters<typeof apiError>[2] = {}) =>
      answer(
        ERROR_CODES[code].status,
        apiError(code, message, extra),
        extra.retryAfterS !== undefined ? { 'retry-after': String(extra.retryAfterS) } : {},
      );
    if (this.opts.token && req.headers.authorization !== `Bearer ${this.opts.token}`)
      return fail('unauthorized', 'bad token');
    const m = this.mode;
    if (m.kind === 'error') return fail('internal', 'told to fail');
    if (m.kind === 'unavailable')
      return fail('store_unavailable', 'told to be unavailable', { retryAfterS: m.retryAfterS });
    if (m.kind === 'unauthorized') return fail('unauthorized', 'told to refuse');
    if (req.headers['content-encoding'] === 'gzip') buf = await gunzip(buf);
    let raw: { readings?: unknown[] };
    try {
      raw = JSON.parse(buf.toString('utf8'));
    } catch {
      return fail('invalid_batch', 'not JSON');
    }
    if (this.maxReadings !== undefined && (raw.readings?.length ?? 0) > this.maxReadings) {
      return fail('too_large', `more than ${this.maxReadings} readings`);
    }
    let batch = raw as { batchId: string; readings: Reading[] };
    if (this.opts.validate !== false) {
      const parsed = BatchSchema.safeParse(raw);
      if (!parsed.success) {
        return fail('invalid_batch', 'batch does not match the wire contract', {
          issues: validationIssues(parsed.error),
        });
      }
      batch = parsed.data;
    }
    if (batch.readings.some((r) => this.poisoned.has(r.seq) || this.poison(r)))
      return fail('invalid_batch', 'poisoned batch');
    const stored: Array<[number, number]> = [];
    const dups: Array<[number, number]> = [];
    if (this.opts.keep === false) {
      this.storedCount += batch.readings.length;
      stored.push([batch.readings[0]!.seq, batch.readings[batch.readings.length - 1]!.seq]);
    }
    for (const r of this.opts.keep === false ? [] : batch.readings) {
      const prev = this.stored.get(r.seq);
      if (prev) {
        this.duplicates.set(r.seq, (this.duplicates.get(r.seq) ?? 0) + 1);
        if (JSON.stringify(prev) !== JSON.stringify(r)) this.conflicts.push(r.seq);
        dups.push([r.seq, r.seq]);
      } else {
        this.stored.set(r.seq, r);
        this.storedCount++;
        stored.push([r.seq, r.seq]);
      }
    }
    answer(200, {
      v: WIRE_VERSION,
      batchId: batch.batchId,
      stored,
      duplicates: dups,
      rejected: [],
      serverTime: Date.now() + this.clockSkewMs,
    });
  }
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
