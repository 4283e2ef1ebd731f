import { isUtf8 } from 'node:buffer';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../http/errors.js';

/**
 * Body handling of the ingest scope: gzip decoding (the body limit applies to the compressed
 * bytes as received and, again, to the decompressed bytes, which stops gzip bombs), and a JSON
 * parser that refuses invalid UTF-8 instead of silently turning it into U+FFFD.
 */
export function installIngestBodyHandling(app: FastifyInstance): void {
  // The encoding is checked before the body is read; it is decoded in the parser, in one call:
  // a streaming decoder costs a thread-pool round trip per 16 KiB chunk.
  app.addHook('preParsing', async (request) => {
    const enc = encodingOf(request);
    if (enc !== 'identity' && enc !== 'gzip') {
      throw new HttpError('unsupported_media_type', `Content-Encoding ${enc} is not supported: send gzip or none`);
    }
  });
  // Only JSON: Fastify's text/plain parser would otherwise turn a wrong type into a 400, not a 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, received, done) => {
    let body = received as Buffer;
    if (encodingOf(request) === 'gzip') {
      const limit = request.routeOptions.bodyLimit ?? DEFAULT_LIMIT;
      try {
        body = gunzipSync(body, { maxOutputLength: limit });
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'ERR_BUFFER_TOO_LARGE') {
          return done(
            new HttpError(
              'too_large',
              `request body too large once decompressed (over ${limit} bytes): split the batch`,
            ),
            undefined,
          );
        }
        return done(new HttpError('invalid_batch', `invalid gzip body: ${e.message}`), undefined);
      }
    }
    // isUtf8 checks strictly (no U+FFFD substitution) and is much faster than a fatal TextDecoder.
    if (!isUtf8(body)) return done(new HttpError('invalid_batch', 'body is not valid UTF-8'), undefined);
    const text = body.toString('utf8');
    if (text.trim() === '')
      return done(new HttpError('invalid_batch', 'empty body: a JSON batch was expected'), undefined);
    let value: unknown;
    try {
      // V8's JSON.parse is iterative: deeply nested input costs memory within the body limit, not stack.
      value = JSON.parse(text);
    } catch (err) {
      return done(new HttpError('invalid_batch', `body is not valid JSON: ${(err as Error).message}`), undefined);
    }
    const bad = /"(__proto__|constructor)"\s*:/.exec(text) ? forbiddenKey(value) : undefined;
    if (bad) return done(new HttpError('invalid_batch', `forbidden key "${bad}" in the body`), undefined);
    done(null, value);
  });
}

/** Fastify's own default body limit, for a route that sets none. */
const DEFAULT_LIMIT = 1_048_576;

function encodingOf(request: FastifyRequest): string {
  const enc = String(request.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  return enc === '' ? 'identity' : enc === 'x-gzip' ? 'gzip' : enc;
}

/**
 * Prototype-poisoning guard like Fastify's default parser (secure-json-parse): finds a
 * `__proto__` or `constructor` key, walking with an explicit stack so depth cannot overflow.
 */
function forbiddenKey(root: unknown): string | undefined {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    for (const k of Object.keys(v)) {
      if (k === '__proto__' || k === 'constructor') return k;
      stack.push((v as Record<string, unknown>)[k]);
    }
  }
  return undefined;
}
