/**
 * The dashboard's client of the collector's API (same origin, session cookie). The CSRF token
 * the login answers (and `GET /api/v1/auth/me` repeats for a session) is kept in memory and sent
 * in `x-csrf-token` on every unsafe request, as the access plugin requires.
 *
 * Answer types come from the collector itself (`import type … from '@gongbang/collector'`, erased
 * at build time), so a change of an answer's shape breaks the dashboard's type check instead of a
 * page. Each role's folder keeps its own calls (`owner/api.ts`, …) on top of {@link api}.
 */
import type { Kpi, KpiAnswer, KpiFigures, KpiStatus } from '@gongbang/collector';

export type { Kpi, KpiStatus };

export type Role = 'admin' | 'evaluator' | 'technician' | 'owner';

export interface Me {
  userId: string;
  username: string;
  role: Role;
  workshopIds: string[] | 'all';
  csrfToken?: string;
}

/** An answer other than 2xx: its status, the API's error code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string = '',
    readonly body: unknown = null,
  ) {
    super(`${status} ${code}${detail ? `: ${detail}` : ''}`);
  }
}

let csrfToken: string | null = null;
let sessionEnded: () => void = () => undefined;

/** Called when any call (other than the sign-in's own) answers 401: the session expired or was ended. */
export function onSessionEnded(handler: () => void): void {
  sessionEnded = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

async function call<T>(method: Method, url: string, body?: unknown, opts: { quiet401?: boolean } = {}): Promise<T> {
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
    const err = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    if (res.status === 401 && !opts.quiet401) sessionEnded();
    throw new ApiError(res.status, err?.error?.code ?? 'http_error', err?.error?.message ?? '', err);
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

/** Query string from defined values only. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Path segment, encoded. */
export const seg = (s: string): string => encodeURIComponent(s);

export const api = {
  get: <T>(url: string) => call<T>('GET', url),
  post: <T>(url: string, body: unknown = {}) => call<T>('POST', url, body),
  put: <T>(url: string, body: unknown) => call<T>('PUT', url, body),
  patch: <T>(url: string, body: unknown) => call<T>('PATCH', url, body),
  delete: <T>(url: string) => call<T>('DELETE', url),
};

export async function login(username: string, password: string): Promise<Me> {
  const r = await call<{ user: Me; csrfToken: string }>(
    'POST',
    '/api/v1/auth/login',
    { username, password },
    { quiet401: true },
  );
  csrfToken = r.csrfToken;
  return r.user;
}

/** Who is signed in; null when no session (401). */
export async function me(): Promise<Me | null> {
  try {
    const r = await call<Me>('GET', '/api/v1/auth/me', undefined, { quiet401: true });
    if (r.csrfToken) csrfToken = r.csrfToken;
    return r;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export async function logout(): Promise<void> {
  await call('POST', '/api/v1/auth/logout', {}, { quiet401: true });
  csrfToken = null;
}

/** The KPI answer of `GET /api/v1/workshops/:id/kpis`, as the collector builds it. */
export type { KpiAnswer };
/** One period (or the range total) of a KPI answer. */
export type KpiPeriod = KpiFigures;

/** One KST day of a workshop, hour by hour, with the day's total. */
export function dayKpis(workshopId: string, day: string): Promise<KpiAnswer> {
  return api.get<KpiAnswer>(
    `/api/v1/workshops/${seg(workshopId)}/kpis${qs({ granularity: 'hour', from: day, to: day })}`,
  );
}
