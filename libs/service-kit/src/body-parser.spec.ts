import type { IncomingMessage } from 'node:http';
import { jsonBodyParserOptions, pathMatcher } from './body-parser';

/** The two parts of an Express request body-parser's `type` hook reads here. */
function request(path: string, contentType = 'application/json'): IncomingMessage {
  return {
    path,
    is: (type: string) => (contentType.split(';')[0] === type ? type : false),
  } as unknown as IncomingMessage;
}

describe('pathMatcher (which requests the kit JSON parser leaves to the service)', () => {
  const excluded = pathMatcher(['/v1/events']);

  it('covers the path itself and everything under it, as an Express mount path does', () => {
    expect(excluded('/v1/events')).toBe(true);
    expect(excluded('/v1/events/')).toBe(true);
    expect(excluded('/v1/events/batch')).toBe(true);
  });

  it('compares case-insensitively, as Express routes do by default', () => {
    expect(excluded('/V1/Events')).toBe(true);
  });

  it('stops at a segment boundary and leaves other paths to the parser', () => {
    expect(excluded('/v1/eventsx')).toBe(false);
    expect(excluded('/v1')).toBe(false);
    expect(excluded('/v1/other')).toBe(false);
    expect(excluded('/')).toBe(false);
  });

  it('takes an excluded path written with a trailing slash as the same path', () => {
    expect(pathMatcher(['/raw/'])('/raw')).toBe(true);
  });

  it('refuses a relative path at boot rather than excluding nothing', () => {
    expect(() => pathMatcher(['v1/events'])).toThrow(/must start with "\/"/);
  });
});

describe('jsonBodyParserOptions', () => {
  it('without exclusions is just the limit (body-parser default type check)', () => {
    expect(jsonBodyParserOptions({ limit: '1mb' })).toEqual({ limit: '1mb' });
    expect(jsonBodyParserOptions({ limit: '1mb', exclude: [] })).toEqual({ limit: '1mb' });
  });

  it('declines to parse excluded paths and parses JSON everywhere else', () => {
    const { type, limit } = jsonBodyParserOptions({ limit: '100kb', exclude: ['/v1/events'] });
    expect(limit).toBe('100kb');
    if (typeof type !== 'function') throw new Error('expected a type predicate');
    expect(type(request('/v1/events'))).toBe(false);
    expect(type(request('/echo'))).toBe(true);
    // Not JSON: left alone as body-parser's default would (another parser may take it).
    expect(type(request('/echo', 'application/x-www-form-urlencoded'))).toBe(false);
  });
});
