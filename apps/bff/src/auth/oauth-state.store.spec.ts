import type { Request, Response } from 'express';
import { CookieStateStore, OAUTH_STATE_COOKIE, safeReturnTo } from './oauth-state.store';

function fakeReq(cookies: Record<string, string> = {}) {
  const set: Record<string, string> = {};
  const res = {
    cookie: (name: string, value: string) => (set[name] = value),
    clearCookie: (name: string) => delete set[name],
  } as unknown as Response;
  const req = { cookies, res } as unknown as Request & { oauthReturnTo?: string };
  return { req, set };
}

describe('CookieStateStore (OAuth state and PKCE verifier in a signed cookie)', () => {
  const store = new CookieStateStore(Buffer.from('k'.repeat(32)), false);

  function start(returnTo = '/games/1') {
    const { req, set } = fakeReq();
    let state = '';
    store.store(req, 'the-verifier', { returnTo }, {}, (_e, s) => (state = s!));
    return { state, cookie: set[OAUTH_STATE_COOKIE] };
  }

  it('gives back the verifier and the return path for the state it issued', () => {
    const { state, cookie } = start();
    const { req } = fakeReq({ [OAUTH_STATE_COOKIE]: cookie });
    const cb = jest.fn();
    store.verify(req, state, cb);
    expect(cb).toHaveBeenCalledWith(null, 'the-verifier', state);
    expect(req.oauthReturnTo).toBe('/games/1');
  });

  it('refuses a different state, a missing cookie and a tampered cookie', () => {
    const { state, cookie } = start();
    for (const [cookies, given] of [
      [{ [OAUTH_STATE_COOKIE]: cookie }, 'another-state'],
      [{}, state],
      [{ [OAUTH_STATE_COOKIE]: cookie.replace(/^./, 'x') }, state],
    ] as const) {
      const cb = jest.fn();
      store.verify(fakeReq(cookies).req, given, cb);
      expect(cb).toHaveBeenCalledWith(null, false, expect.objectContaining({ message: expect.any(String) }));
    }
  });

  it('only ever returns to a path on our own origin', () => {
    expect(safeReturnTo('/studios/1?tab=keys')).toBe('/studios/1?tab=keys');
    for (const bad of ['https://evil.example', '//evil.example', '/\\evil.example', 'games', undefined, 42]) {
      expect(safeReturnTo(bad)).toBe('/');
    }
  });
});
