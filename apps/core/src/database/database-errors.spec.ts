import { DomainError } from '@gt/service-kit';
import {
  isDatabaseUnavailable,
  isForeignKeyViolation,
  isUniqueViolation,
  translateDatabaseError,
} from './database-errors';

describe('database error classification', () => {
  it.each([
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5433' }],
    [{ code: 'ECONNRESET' }],
    [{ message: 'Connection terminated unexpectedly' }],
    [{ message: 'timeout exceeded when trying to connect' }],
    [{ code: '57P01', message: 'terminating connection due to administrator command' }],
    [{ code: '08006' }],
    [{ code: '53300', message: 'too many connections' }],
    [{ driverError: { code: 'ECONNREFUSED' } }],
  ])('treats %j as unavailable: 503 DATABASE_UNAVAILABLE with Retry-After', (e) => {
    expect(isDatabaseUnavailable(e)).toBe(true);
    const translated = translateDatabaseError(e);
    expect(translated).toBeInstanceOf(DomainError);
    expect(translated).toMatchObject({
      status: 503,
      code: 'DATABASE_UNAVAILABLE',
      details: { retryAfterSeconds: 5 },
    });
  });

  it('leaves query errors alone (they are bugs or conflicts, not outages)', () => {
    const e = { code: '42P01', message: 'relation "games" does not exist' };
    expect(isDatabaseUnavailable(e)).toBe(false);
    expect(translateDatabaseError(e)).toBe(e);
  });

  it('recognises unique and foreign-key violations by constraint, also wrapped by TypeORM', () => {
    const unique = { driverError: { code: '23505', constraint: 'games_name_key' } };
    expect(isUniqueViolation(unique)).toBe(true);
    expect(isUniqueViolation(unique, 'games_name_key')).toBe(true);
    expect(isUniqueViolation(unique, 'other')).toBe(false);
    expect(isForeignKeyViolation({ code: '23503' })).toBe(true);
    expect(isForeignKeyViolation(new Error('x'))).toBe(false);
  });
});
