import { createGunzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../http/errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

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
  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      return done(new HttpError('invalid_batch', 'body is not valid UTF-8'), undefined);
    }
    if (text.trim() === '')
      return done(new HttpError('invalid_batch', 'empty body: a JSON batch was expected'), undefined);
    try {
      done(null, JSON.parse(text, rejectProto));
    } catch (err) {
      if (err instanceof HttpError) return done(err, undefined);
      done(new HttpError('invalid_batch', `body is not valid JSON: ${(err as Error).message}`), undefined);
    }
  });
}

// Prototype poisoning guard, as Fastify's default parser does (secure-json-parse).
function rejectProto(key: string, value: unknown): unknown {
  if (key === '__proto__' || key === 'constructor') {
    throw new HttpError('invalid_batch', `forbidden key "${key}" in the body`);
  }
  return value;
}
