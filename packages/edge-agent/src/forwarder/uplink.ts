import type { IngestAck } from '@gongbang/shared';

/** One batch as the forwarder hands it to an uplink; the uplink stamps `sentAt` when it sends. */
export interface OutgoingBatch {
  batchId: string;
  firstSeq: number;
  lastSeq: number;
  /** The readings as JSON texts (each with its `seq`), spliced into the body unparsed. */
  readings: readonly string[];
}

/** A 2xx answer and the agent-clock times around the request (for clock-offset estimation). */
export interface Delivery {
  ack: IngestAck;
  /** Agent clock just before sending and just after the answer, UTC ms. */
  sentAt: number;
  answeredAt: number;
}

/** The way to the collector. `HttpUplink` speaks HTTP(S); tests may put anything behind it. */
export interface Uplink {
  /** Sends one batch; resolves with the ack or throws an `UplinkError`. */
  send(batch: OutgoingBatch, signal?: AbortSignal): Promise<Delivery>;
  /** True when the collector answers at all (used to retry at once when it is back). */
  probe(signal?: AbortSignal): Promise<boolean>;
}

/**
 * A failed send. `code` is the collector's error code, or `network` (no answer) or
 * `bad_response` (an answer that breaks the wire contract).
 */
export class UplinkError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    readonly extra: {
      status?: number;
      /** How long the collector asked us to wait, ms (Retry-After). */
      retryAfterMs?: number;
      /** Per-path problems of an `invalid_batch`. */
      issues?: Array<{ path: string; message: string }>;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: extra.cause });
    this.name = 'UplinkError';
  }

  get status(): number | undefined {
    return this.extra.status;
  }
}

/** Statuses that say "try again later" rather than "this batch is bad" (issue 4). */
const RETRY_LATER = new Set([401, 408, 409, 413, 429]);

/** A 4xx answer that says the batch itself is unacceptable: it goes to the dead letters, not back in the queue. */
export function isPoison(err: UplinkError): boolean {
  const s = err.status;
  return s !== undefined && s >= 400 && s < 500 && !RETRY_LATER.has(s);
}
