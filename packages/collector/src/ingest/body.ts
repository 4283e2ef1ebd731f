import { isUtf8 } from 'node:buffer';
import { createGunzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../http/errors.js';

/**
 * Body handling of the ingest scope: gzip decoding (the body limit then applies to the
 * decompressed bytes, which stops gzip bombs), and a JSON parser that refuses invalid UTF-8
 * instead of silently turning it into U+FFFD.
 */
export function installIngestBodyHandling(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    const enc = String(request.headers['content-encoding'] ?? 'identity')
      .trim()
      .toLowerCase();
    if (enc === 'identity' || enc === '') return payload;
    if (enc !== 'gzip' && enc !== 'x-gzip') {
      throw new HttpError('unsupported_media_type', `Content-Encoding ${enc} is not supported: send gzip or none`);
    }
    const gunzip = createGunzip();
    gunzip.on('error', (err) => {
      Object.assign(err, { apiCode: 'invalid_batch', statusCode: 400, message: `invalid gzip body: ${err.message}` });
    });
    payload.on('error', (err) => gunzip.destroy(err));
    // Fastify compares Content-Length with the compressed size, the limit with what we hand on.
    (gunzip as unknown as { receivedEncodedLength: number }).receivedEncodedLength = 0;
    payload.on('data', (c: Buffer) => {
      (gunzip as unknown as { receivedEncodedLength: number }).receivedEncodedLength += c.length;
    });
    return payload.pipe(gunzip);
  });
  // Only JSON: Fastify's text/plain parser would otherwise turn a wrong type into a 400, not a 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => {
    // isUtf8 checks strictly (no U+FFFD substitution) and is much faster than a fatal TextDecoder.
    if (!isUtf8(body as Buffer)) return done(new HttpError('invalid_batch', 'body is not valid UTF-8'), undefined);
    const text = (body as Buffer).toString('utf8');
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
