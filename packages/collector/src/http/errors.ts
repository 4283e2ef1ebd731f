import { apiError, ERROR_CODES, type ErrorCode, validationIssues } from '@gongbang/shared';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { StoreRejectedError, StoreUnavailableError } from '../store/index.js';

/** Codes of the wire contract plus the two the wider API needs. */
export type HttpErrorCode = ErrorCode | 'not_found' | 'invalid_request';

/** An error that knows its answer: code, HTTP status, message and optional extras. */
export class HttpError extends Error {
  constructor(
    readonly apiCode: HttpErrorCode,
    message: string,
    readonly extra: { retryAfterS?: number; issues?: Array<{ path: string; message: string }> } = {},
    readonly statusCode: number = apiCode === 'not_found'
      ? 404
      : apiCode === 'invalid_request'
        ? 400
        : ERROR_CODES[apiCode].status,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const answered = new WeakMap<FastifyReply, HttpErrorCode>();

/** The error code a reply was answered with, for metrics by reason. */
export const errorCodeOf = (reply: FastifyReply): HttpErrorCode | undefined => answered.get(reply);

export function sendError(reply: FastifyReply, err: HttpError): FastifyReply {
  answered.set(reply, err.apiCode);
  if (err.extra.retryAfterS !== undefined) reply.header('retry-after', String(err.extra.retryAfterS));
  const body =
    err.apiCode === 'not_found' || err.apiCode === 'invalid_request'
      ? { v: 1, error: { code: err.apiCode, message: err.message, retryable: false, ...err.extra } }
      : apiError(err.apiCode, err.message, err.extra);
  return reply.code(err.statusCode).type('application/json').send(body);
}

/** Fastify's own errors (body parsing, limits) in the words of the wire contract. */
function fromFastify(err: FastifyError): HttpError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpError('too_large', 'request body too large: split the batch');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpError('unsupported_media_type', 'send Content-Type: application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpError('invalid_batch', 'empty body: a JSON batch was expected');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new HttpError('invalid_batch', 'Content-Length does not match the body');
  }
  return undefined;
}

/** Installs the error and not-found handlers: every failure answers with a typed error body. */
export function installErrorHandlers(app: FastifyInstance, retryAfterS: number): void {
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, new HttpError('not_found', `no route ${request.method} ${request.url.split('?')[0]}`)),
  );
  app.setErrorHandler((err: FastifyError | Error, request, reply) => {
    if (err instanceof HttpError) return sendError(reply, err);
    if (err instanceof StoreUnavailableError) {
      request.log.warn({ err }, 'store unavailable');
      return sendError(reply, new HttpError('store_unavailable', err.message, { retryAfterS }));
    }
    if (err instanceof StoreRejectedError) {
      request.log.error({ err }, 'store refused the write');
      return sendError(reply, new HttpError('internal', err.message));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({
        path: v.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(root)',
        message: v.message ?? 'invalid',
      }));
      const code = request.routeOptions.config?.access === 'agent' ? 'invalid_batch' : 'invalid_request';
      return sendError(reply, new HttpError(code, issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues }));
    }
    if (err instanceof ZodError) {
      const issues = validationIssues(err);
      return sendError(
        reply,
        new HttpError('invalid_request', issues.map((i) => `${i.path}: ${i.message}`).join('; ')),
      );
    }
    const fe = err as FastifyError & { apiCode?: HttpErrorCode; retryAfterS?: number };
    const mapped = fromFastify(fe);
    if (mapped) return sendError(reply, mapped);
    if (fe.apiCode) return sendError(reply, new HttpError(fe.apiCode, fe.message, { retryAfterS: fe.retryAfterS }));
    const status = fe.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = request.routeOptions.config?.access === 'agent' ? 'invalid_batch' : 'invalid_request';
      return sendError(reply, new HttpError(code, fe.message, {}, status));
    }
    request.log.error({ err }, 'request failed');
    return sendError(reply, new HttpError('internal', 'internal error; the request can be retried'));
  });
}
