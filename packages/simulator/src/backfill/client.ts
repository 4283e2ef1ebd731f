/** An error answer of the collector: status, its error code and message. */
export class CollectorError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${status} ${code}: ${message}`);
    this.name = 'CollectorError';
  }
}

export interface Answer {
  status: number;
  body: unknown;
}

/**
 * The collector's HTTP API as an admin script sees it (bearer API token). Waits out `429`
 * (Retry-After) and retries a refused connection a few times; any other non-2xx is returned
 * to the caller unless `expect` lists the statuses it accepts.
 */
export class CollectorClient {
  private readonly base: string;
  constructor(
    url: string,
    private readonly token: string,
  ) {
    this.base = url.replace(/\/+$/, '');
  }

  async call(
    method: string,
    path: string,
    body?: unknown,
    opts: { contentType?: string; expect?: number[] } = {},
  ): Promise<Answer> {
    const expect = opts.expect ?? [200, 201, 204];
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(`${this.base}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${this.token}`,
            ...(body !== undefined ? { 'content-type': opts.contentType ?? 'application/json' } : {}),
          },
          body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        });
      } catch (err) {
        if (attempt < 5) {
          await delay(500 * 2 ** attempt);
          continue;
        }
        throw err;
      }
      const text = await res.text();
      const parsed = text ? safeJson(text) : null;
      if (res.status === 429 && attempt < 20) {
        const after = Number(res.headers.get('retry-after') ?? '1');
        await delay(Math.max(1, after) * 1000);
        continue;
      }
      if (!expect.includes(res.status)) {
        const e = (parsed as { error?: { code?: string; message?: string } } | null)?.error;
        throw new CollectorError(res.status, e?.code ?? 'http', e?.message ?? text.slice(0, 200));
      }
      return { status: res.status, body: parsed };
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
