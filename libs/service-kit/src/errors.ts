import {
  ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { currentRequestId } from './logger';

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/**
 * A failure the caller can act on, with a stable machine-readable code. Services throw these;
 * one filter per transport turns them into a response (HTTP problem details here, GraphQL
 * extensions in the BFF). Nothing else about the failure leaves the service.
 */
export class DomainError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly status: number = HttpStatus.BAD_REQUEST,
    public readonly details?: { errors?: FieldError[]; retryAfterSeconds?: number; [k: string]: unknown },
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const errors = {
  validation: (errs: FieldError[], message = 'The request is not valid') =>
    new DomainError('VALIDATION_FAILED', message, 400, { errors: errs }),
  badRequest: (code: string, message: string) => new DomainError(code, message, 400),
  unauthorized: (code: string, message: string) => new DomainError(code, message, 401),
  forbidden: (code: string, message: string) => new DomainError(code, message, 403),
  notFound: (code: string, message: string) => new DomainError(code, message, 404),
  conflict: (code: string, message: string) => new DomainError(code, message, 409),
  unavailable: (code: string, message: string, retryAfterSeconds = 5) =>
    new DomainError(code, message, 503, { retryAfterSeconds }),
};

/** Problem details (RFC 9457) with our `code` member. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  requestId?: string;
  errors?: FieldError[];
  [k: string]: unknown;
}

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

function titleOf(status: number): string {
  return (HttpStatus[status] ?? 'ERROR')
    .toString()
    .toLowerCase()
    .replace(/_/g, ' ')
    .replace(/^\w/, (c) => c.toUpperCase());
}

export function toProblem(err: unknown): ProblemDetails {
  if (err instanceof DomainError) {
    const { errors: fieldErrors, retryAfterSeconds: _r, ...rest } = err.details ?? {};
    return {
      type: `urn:gt:error:${err.code}`,
      title: titleOf(err.status),
      status: err.status,
      code: err.code,
      detail: err.message,
      ...(fieldErrors ? { errors: fieldErrors } : {}),
      ...rest,
    };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const body = err.getResponse();
    const message =
      typeof body === 'string'
        ? body
        : Array.isArray((body as { message?: unknown }).message)
          ? ((body as { message: string[] }).message.join('; ') as string)
          : String((body as { message?: unknown }).message ?? err.message);
    // Body-parser failures (malformed JSON, body too large) reach us as HttpExceptions.
    const code =
      status === 400 && /JSON/i.test(message) ? 'MALFORMED_JSON' : (STATUS_CODES[status] ?? `HTTP_${status}`);
    return { type: `urn:gt:error:${code}`, title: titleOf(status), status, code, detail: message };
  }
  const e = err as { type?: string; status?: number; statusCode?: number; message?: string };
  if (
    e &&
    typeof e === 'object' &&
    (e.status === 400 || e.statusCode === 400) &&
    e.type === 'entity.parse.failed'
  ) {
    return {
      type: 'urn:gt:error:MALFORMED_JSON',
      title: 'Bad request',
      status: 400,
      code: 'MALFORMED_JSON',
      detail: 'The body is not valid JSON',
    };
  }
  if (e && typeof e === 'object' && (e.status === 413 || e.statusCode === 413)) {
    return {
      type: 'urn:gt:error:PAYLOAD_TOO_LARGE',
      title: 'Payload too large',
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      detail: 'The body is too large',
    };
  }
  // Other client errors raised by body-parser (http-errors with expose=true, e.g. 415 for an
  // unsupported charset) keep their status; their message is written for clients.
  const clientStatus = e && typeof e === 'object' ? (e.status ?? e.statusCode) : undefined;
  if (clientStatus && clientStatus >= 400 && clientStatus < 500 && (e as { expose?: boolean }).expose) {
    const code = STATUS_CODES[clientStatus] ?? `HTTP_${clientStatus}`;
    return {
      type: `urn:gt:error:${code}`,
      title: titleOf(clientStatus),
      status: clientStatus,
      code,
      detail: e.message ?? code,
    };
  }
  return {
    type: 'urn:gt:error:INTERNAL_ERROR',
    title: 'Internal server error',
    status: 500,
    code: 'INTERNAL_ERROR',
    detail: 'An unexpected error occurred',
  };
}

/**
 * The one HTTP mapping of errors: problem details, stable codes, no stacks or SQL.
 *
 * Global and `@Catch()`, so Nest also hands it errors from other transports sharing the app
 * (GraphQL resolvers, where `host.getType()` is 'graphql' and there is no HTTP response to
 * write). Those are rethrown untouched for that transport's own mapping, e.g. Apollo's
 * formatError in the BFF.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const problem = toProblem(exception);
    problem.requestId = currentRequestId();
    if (problem.status >= 500 && !(exception instanceof DomainError)) {
      this.logger.error({ err: exception, path: req?.originalUrl }, 'unhandled error');
    }
    if (exception instanceof DomainError && exception.details?.retryAfterSeconds !== undefined) {
      res.setHeader('Retry-After', String(exception.details.retryAfterSeconds));
    }
    if (res.headersSent) return;
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}

function flatten(errs: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errs) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    for (const [constraint, message] of Object.entries(e.constraints ?? {})) {
      out.push({ field, code: constraint, message });
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/** class-validator on every DTO; failures become VALIDATION_FAILED with field-level details. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errs) => errors.validation(flatten(errs)),
  });
}
