import { gunzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../core/index.js';
import { parseJsonBody } from '../http/json-body.js';

/**
 * Body handling of the ingest scope: gzip decoding (the body limit applies to the compressed
 * bytes as received and, again, to the decompressed bytes, which stops gzip bombs), and the
 * strict JSON parser of http/json-body.ts (UTF-8, nesting depth, prototype-poisoning keys).
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
    try {
      done(null, parseJsonBody(body));
    } catch (err) {
      done(new HttpError('invalid_batch', (err as Error).message), undefined);
    }
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
