import { BadRequestException, NotFoundException } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { Logger } from 'pino';
import { DomainError, errors, ProblemDetailsFilter, toProblem } from './errors';

describe('toProblem', () => {
  it('keeps the stable code and message of a domain error', () => {
    const p = toProblem(errors.conflict('STUDIO_NAME_TAKEN', 'A studio with this name exists'));
    expect(p).toMatchObject({
      status: 409,
      code: 'STUDIO_NAME_TAKEN',
      detail: 'A studio with this name exists',
    });
  });

  it('carries field-level details of validation failures', () => {
    const p = toProblem(
      errors.validation([{ field: 'name', code: 'isNotEmpty', message: 'name should not be empty' }]),
    );
    expect(p.status).toBe(400);
    expect(p.code).toBe('VALIDATION_FAILED');
    expect(p.errors).toEqual([{ field: 'name', code: 'isNotEmpty', message: 'name should not be empty' }]);
  });

  it('maps framework exceptions to generic codes', () => {
    expect(toProblem(new NotFoundException('Cannot GET /x')).code).toBe('NOT_FOUND');
    expect(toProblem(new BadRequestException('Unexpected token } in JSON at position 3')).code).toBe(
      'MALFORMED_JSON',
    );
  });

  it('keeps the status of client errors raised by body-parser', () => {
    const err = Object.assign(new Error('unsupported charset "UTF-7"'), {
      status: 415,
      statusCode: 415,
      expose: true,
    });
    expect(toProblem(err)).toMatchObject({
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      detail: 'unsupported charset "UTF-7"',
    });
  });

  it('never leaks internals of unknown errors', () => {
    const p = toProblem(new Error('relation "users" does not exist at SELECT * FROM users'));
    expect(p).toEqual(
      expect.objectContaining({
        status: 500,
        code: 'INTERNAL_ERROR',
        detail: 'An unexpected error occurred',
      }),
    );
    expect(JSON.stringify(p)).not.toMatch(/relation|SELECT/);
  });

  it('does not put retryAfterSeconds in the body (it is a header)', () => {
    const p = toProblem(new DomainError('CORE_UNAVAILABLE', 'down', 503, { retryAfterSeconds: 3 }));
    expect(p).not.toHaveProperty('retryAfterSeconds');
  });
});

describe('ProblemDetailsFilter', () => {
  const logger = { error: jest.fn() } as unknown as Logger;
  const filter = new ProblemDetailsFilter(logger);

  /** The parts of an Express response the filter writes. */
  interface FakeResponse {
    headersSent: boolean;
    status: jest.Mock<FakeResponse, [number]>;
    type: jest.Mock<FakeResponse, [string]>;
    send: jest.Mock<FakeResponse, [string]>;
    setHeader: jest.Mock;
  }

  function httpResponse(): FakeResponse {
    const res: FakeResponse = {
      headersSent: false,
      status: jest.fn((_status: number) => res),
      type: jest.fn((_type: string) => res),
      send: jest.fn((_body: string) => res),
      setHeader: jest.fn(),
    };
    return res;
  }

  it('writes problem details on an HTTP request', () => {
    const res = httpResponse();
    const host = new ExecutionContextHost([{ originalUrl: '/x' }, res, () => undefined]);
    filter.catch(errors.notFound('GAME_NOT_FOUND', 'No such game'), host);
    expect(res.status).toHaveBeenCalledWith(404);
    expect(res.type).toHaveBeenCalledWith('application/problem+json');
    expect(JSON.parse(res.send.mock.calls[0]![0])).toMatchObject({ code: 'GAME_NOT_FOUND' });
  });

  it('rethrows a GraphQL resolver error untouched, for the GraphQL layer to map', () => {
    // A resolver's arguments host: (root, args, context, info), and getType() === 'graphql'.
    const context = { req: {}, res: httpResponse() };
    const host = new ExecutionContextHost([undefined, { id: '1' }, context, {}]);
    host.setType('graphql');
    const error = errors.forbidden('NOT_A_MEMBER', 'Not a member of this studio');
    expect(() => filter.catch(error, host)).toThrow(error);
    expect(context.res.status).not.toHaveBeenCalled();
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('rethrows for other non-HTTP transports too, and never logs them as unhandled', () => {
    const host = new ExecutionContextHost([{}, {}]);
    host.setType('rpc');
    const error = new Error('boom');
    expect(() => filter.catch(error, host)).toThrow(error);
    expect(logger.error).not.toHaveBeenCalled();
  });
});
