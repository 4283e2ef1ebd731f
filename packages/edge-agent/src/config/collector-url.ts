/** A collector URL that cannot be used, with why (`reason` names what to change). */
export class CollectorUrlError extends Error {
  readonly code = 'GB_COLLECTOR_URL_INVALID';
  readonly retryable = false;
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`${reason}: "${url}"`);
    this.name = 'CollectorUrlError';
  }
}

/** The API prefix the agent adds itself; a base URL typed with it would double it. */
const API_PREFIX = /\/api\/v1$/i;

/**
 * The collector's base URL as the agent stores and joins it: `http(s)://host[:port][/prefix]`
 * without a trailing slash. A trailing `/api/v1` (what a technician reads in the API docs) is
 * dropped, since the agent adds it to every path — kept, it made the forwarder post to
 * `/api/v1/api/v1/ingest` and dead-letter every reading (issue #10, item 13). A query, a
 * fragment, credentials or another scheme cannot be a base URL and are refused.
 */
export function normalizeCollectorUrl(input: string): string {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CollectorUrlError(
      input,
      'not a URL; write it like https://collector.example.kr / URL 형식이 아닙니다 (예: https://collector.example.kr)',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CollectorUrlError(
      input,
      `must start with https:// or http://, not ${url.protocol}// / https:// 또는 http:// 로 시작해야 합니다`,
    );
  }
  // `new URL` drops an empty "?" or "#", so look at the text as typed too.
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(text)) {
    throw new CollectorUrlError(input, 'must not have a query (?…) or fragment (#…) / ? 나 # 부분이 없어야 합니다');
  }
  if (url.username !== '' || url.password !== '') {
    throw new CollectorUrlError(
      input,
      'must not hold a user name or password (the agent token is kept in collector.tokenFile) / 사용자 이름·비밀번호를 넣지 마세요',
    );
  }
  let path = url.pathname.replace(/\/+$/, '');
  // Compare decoded, as the collector's router does: `/%61pi/v1` is `/api/v1` there.
  const segments = path.split('/');
  if (API_PREFIX.test(`/${segments.slice(-2).map(decodeSegment).join('/')}`)) {
    path = segments.slice(0, -2).join('/').replace(/\/+$/, '');
  }
  return `${url.origin}${path}`;
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `base` + an absolute API path, keeping any prefix of the base (a collector behind `/gongbang/`). */
export function collectorEndpoint(base: string, apiPath: `/${string}`): URL {
  return new URL(`${base.replace(/\/+$/, '')}${apiPath}`);
}
