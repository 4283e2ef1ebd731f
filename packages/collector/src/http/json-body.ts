import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import sjson from 'secure-json-parse';
import { HttpError } from '../core/index.js';

/**
 * Deepest nesting of arrays and objects a JSON body may have. Readings nest 5 deep, agent
 * configs about 10; 10 MB of `[` parse to millions of arrays (about 900 MiB and 2 s of a
 * blocked event loop, issue #10), so deeper input is refused before JSON.parse sees it.
 */
export const MAX_JSON_DEPTH = 64;

/** A JSON body that cannot be accepted; `statusCode` 400, the message says what and where. */
export class JsonBodyError extends Error {
  readonly code = 'GB_JSON_BODY';
  readonly statusCode = 400;
  readonly retryable = false;
  constructor(message: string) {
    super(message);
    this.name = 'JsonBodyError';
  }
}

/**
 * The byte offset where nesting first goes deeper than `maxDepth`, or -1. Brackets inside
 * strings do not count. One pass over the bytes, no allocation; it does not validate JSON
 * (JSON.parse does that next).
 */
export function depthExceededAt(bytes: Uint8Array, maxDepth: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next byte is escaped, whatever it is
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

/**
 * Parses a JSON body: refuses invalid UTF-8 (instead of turning it into U+FFFD), nesting
 * deeper than `maxDepth`, and prototype-poisoning keys (`__proto__`, `constructor.prototype`)
 * however they are written — secure-json-parse checks the keys after JSON escapes are decoded,
 * so `"\u005f_proto__"` is caught too. Throws {@link JsonBodyError}.
 */
export function parseJsonBody(body: Buffer, maxDepth = MAX_JSON_DEPTH): unknown {
  if (!isUtf8(body)) throw new JsonBodyError('body is not valid UTF-8');
  const at = depthExceededAt(body, maxDepth);
  if (at >= 0) throw new JsonBodyError(`body nests arrays/objects deeper than ${maxDepth} levels (at byte ${at})`);
  const text = body.toString('utf8');
  if (text.trim() === '') throw new JsonBodyError('empty body: a JSON document was expected');
  try {
    return sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (err) {
    if (!FORBIDDEN.test((err as Error).message)) {
      throw new JsonBodyError(`body is not valid JSON: ${(err as Error).message}`);
    }
    throw new JsonBodyError(`forbidden key ${forbiddenKeyOf(JSON.parse(text.replace(/^\uFEFF/, '')))} in the body`);
  }
}

/** secure-json-parse's message for either poisoning key (it does not say which). */
const FORBIDDEN = /forbidden (prototype|constructor) property/;

/** Which poisoning key a parsed body holds, for the message (only on the error path). */
function forbiddenKeyOf(value: unknown): string {
  try {
    sjson.scan(value as object, { protoAction: 'error', constructorAction: 'ignore' });
  } catch {
    return '"__proto__"';
  }
  return '"constructor" (with "prototype")';
}

/**
 * Replaces Fastify's `application/json` parser on `app` (and the scopes registered after)
 * with {@link parseJsonBody}; errors answer `400 invalid_request`, in English and Korean.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as Buffer));
    } catch (err) {
      // People send these bodies (login, settings): say it in Korean too, as the registry does.
      done(new HttpError('invalid_request', `${(err as Error).message} / 요청 본문을 읽을 수 없습니다`), undefined);
    }
  });
}
