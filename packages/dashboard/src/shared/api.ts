/**
 * The dashboard's client of the collector's API (same origin, session cookie). The CSRF token
 * the login answers (and `GET /api/v1/auth/me` repeats for a session) is kept in memory and sent
 * in `x-csrf-token` on every unsafe request, as the access plugin requires.
 *
 * The answer types mirror packages/collector/src/metrics/formulas.ts (`Kpi`) and auth/routes.ts;
 * only the fields the pages read.
 */

export type Role = 'admin' | 'evaluator' | 'technician' | 'owner';

export interface Me {
  userId: string;
  username: string;
  role: Role;
  workshopIds: string[] | 'all';
  csrfToken?: string;
}

export type KpiStatus = 'ok' | 'insufficient_data' | 'not_defined';

export interface Kpi {
  value: number | null;
  status: KpiStatus;
  n: number;
  coverage: number | null;
}

export interface KpiPeriod {
  period: string;
  startMs: number;
  elements: { pq: number; gq: number; [k: string]: unknown };
  kpis: Record<'availability' | 'performance' | 'quality_ratio' | 'oee', Kpi> & Record<string, Kpi>;
}

export interface KpiAnswer {
  workshop: string;
  from: string;
  to: string;
  formulaVersion: string;
  pendingDays: string[];
  periods: KpiPeriod[];
  total: KpiPeriod[];
}

/** An answer other than 2xx: its status and the API's error code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`${status} ${code}`);
  }
}

let csrfToken: string | null = null;

async function call<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) {
    const err = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
    throw new ApiError(res.status, err?.error?.code ?? 'http_error');
  }
  return (await res.json()) as T;
}

export async function login(username: string, password: string): Promise<Me> {
  const r = await call<{ user: Me; csrfToken: string }>('POST', '/api/v1/auth/login', { username, password });
  csrfToken = r.csrfToken;
  return r.user;
}

/** Who is signed in; null when no session (401). */
export async function me(): Promise<Me | null> {
  try {
    const r = await call<Me>('GET', '/api/v1/auth/me');
    if (r.csrfToken) csrfToken = r.csrfToken;
    return r;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export async function logout(): Promise<void> {
  await call('POST', '/api/v1/auth/logout', {});
  csrfToken = null;
}

/** One KST day of a workshop, hour by hour, with the day's total. */
export function dayKpis(workshopId: string, day: string): Promise<KpiAnswer> {
  const q = new URLSearchParams({ granularity: 'hour', from: day, to: day });
  return call<KpiAnswer>('GET', `/api/v1/workshops/${encodeURIComponent(workshopId)}/kpis?${q}`);
}
