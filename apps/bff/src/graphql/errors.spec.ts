import { BadRequestException, NotFoundException } from '@nestjs/common';
import { DomainError } from '@gt/service-kit';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { bffErrors, formatGraphQLError } from './errors';

function format(err: unknown, formatted: GraphQLFormattedError = { message: 'x', path: ['f'] }) {
  const unexpected: unknown[] = [];
  const out = formatGraphQLError(
    formatted,
    new GraphQLError('wrapped', { path: ['f'], originalError: err as Error }),
    (e) => unexpected.push(e),
  );
  return { out, unexpected };
}

describe('GraphQL error mapping', () => {
  it('keeps the BFF codes, with their useful extensions', () => {
    const { out } = format(bffErrors.unavailable('metrics'));
    expect(out).toEqual({
      message: 'The metrics service is unavailable; try again shortly',
      path: ['f'],
      locations: undefined,
      extensions: { code: 'UPSTREAM_UNAVAILABLE', service: 'metrics', retryAfterSeconds: 5 },
    });
  });

  it("maps core's problem codes by status, keeping core's code as the reason", () => {
    expect(format(new DomainError('STUDIO_NOT_FOUND', 'No such studio', 404)).out.extensions).toEqual({
      code: 'NOT_FOUND',
      reason: 'STUDIO_NOT_FOUND',
    });
    expect(format(new DomainError('ROLE_REQUIRED', 'Admins only', 403)).out.extensions).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(format(new DomainError('STUDIO_NAME_TAKEN', 'Taken', 409)).out.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'STUDIO_NAME_TAKEN',
    });
  });

  it('turns validation failures into BAD_USER_INPUT with field errors', () => {
    const err = new DomainError('VALIDATION_FAILED', 'The request is not valid', 400, {
      errors: [{ field: 'name', code: 'isNotEmpty', message: 'name should not be empty' }],
    });
    expect(format(err).out.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'name', code: 'isNotEmpty', message: 'name should not be empty' }],
    });
  });

  it('maps framework exceptions by status', () => {
    expect(format(new NotFoundException()).out.extensions?.code).toBe('NOT_FOUND');
    expect(format(new BadRequestException('bad')).out.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('never lets internals out: unknown errors become INTERNAL_SERVER_ERROR and are logged', () => {
    const { out, unexpected } = format(new Error('connect ECONNREFUSED 10.0.0.5:5432 SELECT * FROM users'));
    expect(out.message).toBe('An unexpected error occurred');
    expect(out.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(out)).not.toMatch(/ECONNREFUSED|SELECT/);
    expect(unexpected).toHaveLength(1);
  });

  it('passes GraphQL errors raised on purpose (validation, limits) through without a stack', () => {
    const own = new GraphQLError('The query is 20 levels deep; the limit is 12', {
      extensions: { code: 'DEPTH_LIMIT_EXCEEDED' },
    });
    const out = formatGraphQLError(
      { message: own.message, extensions: { code: 'DEPTH_LIMIT_EXCEEDED', stacktrace: ['at x'] } },
      own,
      () => undefined,
    );
    expect(out).toEqual({ message: own.message, extensions: { code: 'DEPTH_LIMIT_EXCEEDED' } });
  });
});
