import { validationIssues } from '@gongbang/shared';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { errorBody, HttpError, type HttpErrorCode } from '../core/index.js';
import {
  CrowdedMillisecondError,
  InfluxQlValueError,
  InvalidCursorError,
  StoreRejectedError,
  StoreUnavailableError,
} from '../store/index.js';

const answered = new WeakMap<FastifyReply, HttpErrorCode>();

/** The error code a reply was answered with, for metrics by reason. */
export const errorCodeOf = (reply: FastifyReply): HttpErrorCode | undefined => answered.get(reply);

/** Answers with the error's status, `Retry-After` when it has one, and the one error body. */
export function sendError(reply: FastifyReply, err: HttpError): FastifyReply {
  answered.set(reply, err.code);
  if (err.extra.retryAfterS !== undefined) reply.header('retry-after', String(err.extra.retryAfterS));
  return reply.code(err.statusCode).type('application/json').send(errorBody(err));
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

/**
 * Installs the app's one error handler and its not-found handler: every failure, from any
 * route, hook or plugin, answers with the typed error body of the wire contract.
 */
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
    // Queries the store refuses: the caller's input, not the store, is at fault.
    if (
      err instanceof InvalidCursorError ||
      err instanceof InfluxQlValueError ||
      err instanceof CrowdedMillisecondError
    ) {
      return sendError(reply, new HttpError('invalid_request', err.message));
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
    const fe = err as FastifyError;
    const mapped = fromFastify(fe);
    if (mapped) return sendError(reply, mapped);
    const status = fe.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = request.routeOptions.config?.access === 'agent' ? 'invalid_batch' : 'invalid_request';
      return sendError(reply, new HttpError(code, fe.message, {}, status));
    }
    request.log.error({ err }, 'request failed');
    return sendError(reply, new HttpError('internal', 'internal error; the request can be retried'));
  });
}
