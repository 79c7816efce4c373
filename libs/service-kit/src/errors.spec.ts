import { BadRequestException, NotFoundException } from '@nestjs/common';
import { DomainError, errors, toProblem } from './errors';

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
