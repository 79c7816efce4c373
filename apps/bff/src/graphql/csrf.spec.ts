import type { NextFunction, Request, Response } from 'express';
import { csrfGuard } from './csrf';

function run(method: string, headers: Record<string, string>) {
  const res = {
    statusCode: 200,
    body: undefined as unknown,
    status(code: number) {
      res.statusCode = code;
      return res;
    },
    json(b: unknown) {
      res.body = b;
      return res;
    },
  };
  const next = jest.fn() as NextFunction;
  csrfGuard({ method, headers } as Request, res as unknown as Response, next);
  return { passed: (next as jest.Mock).mock.calls.length === 1, res };
}

describe('CSRF prevention on /graphql', () => {
  it('lets JSON posts through (a cross-site page cannot send them without a preflight)', () => {
    expect(run('POST', { 'content-type': 'application/json' }).passed).toBe(true);
  });

  it('refuses what an HTML form or a plain GET can send, with CSRF_REJECTED', () => {
    for (const [method, headers] of [
      ['POST', { 'content-type': 'text/plain' }],
      ['POST', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['GET', {}],
    ] as const) {
      const { passed, res } = run(method, headers);
      expect(passed).toBe(false);
      expect(res.statusCode).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(/CSRF_REJECTED/);
    }
  });

  it('accepts a GET that carries a preflight-forcing header', () => {
    expect(run('GET', { 'apollo-require-preflight': 'true' }).passed).toBe(true);
  });
});
