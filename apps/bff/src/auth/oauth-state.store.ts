import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

export const OAUTH_STATE_COOKIE = 'gt_oauth_state';
const MAX_AGE_MS = 10 * 60 * 1000;

interface StatePayload {
  /** The `state` sent to Google and expected back on the callback. */
  s: string;
  /** PKCE code verifier; Google gets only its S256 challenge. */
  v: string;
  /** Where to send the browser after sign-in (a path on our own origin). */
  r: string;
  /** Expiry, ms since epoch. */
  e: number;
}

/** Only a path on our own origin: never `//evil.example` or an absolute URL (open redirect). */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) {
    return '/';
  }
  return value.length > 512 ? '/' : value;
}

type Stored = (err: Error | null, state?: string) => void;
type Loaded = (err: Error | null, ok?: string | false, state?: { message: string } | string) => void;

/**
 * passport-oauth2's state store without server-side sessions: the state, the PKCE verifier
 * and the return path live in a short-lived, httpOnly, HMAC-signed cookie scoped to the
 * callback. The callback must present the same `state` as the cookie, which ties the
 * authorization response to the browser that started it (login CSRF protection).
 * The method arities matter: passport-oauth2 picks the PKCE variant by `store.length === 5`.
 */
export class CookieStateStore {
  constructor(
    private readonly key: Buffer,
    private readonly secure: boolean,
  ) {}

  store(req: Request, verifier: string, appState: unknown, _meta: unknown, callback: Stored): void {
    const returnTo = safeReturnTo((appState as { returnTo?: unknown } | undefined)?.returnTo);
    const payload: StatePayload = {
      s: randomBytes(24).toString('base64url'),
      v: verifier,
      r: returnTo,
      e: Date.now() + MAX_AGE_MS,
    };
    (req.res as Response).cookie(OAUTH_STATE_COOKIE, this.sign(payload), {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secure,
      path: '/auth/google',
      maxAge: MAX_AGE_MS,
    });
    callback(null, payload.s);
  }

  verify(req: Request, providedState: unknown, callback: Loaded): void {
    const res = req.res as Response;
    res.clearCookie(OAUTH_STATE_COOKIE, { path: '/auth/google' });
    const payload = this.unsign((req.cookies as Record<string, string> | undefined)?.[OAUTH_STATE_COOKIE]);
    if (!payload || payload.e < Date.now()) {
      callback(null, false, { message: 'The sign-in took too long or was started elsewhere' });
      return;
    }
    if (typeof providedState !== 'string' || !equal(providedState, payload.s)) {
      callback(null, false, { message: 'The sign-in state does not match' });
      return;
    }
    (req as Request & { oauthReturnTo?: string }).oauthReturnTo = payload.r;
    callback(null, payload.v, payload.s);
  }

  private sign(p: StatePayload): string {
    const body = Buffer.from(JSON.stringify(p)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  private unsign(raw: string | undefined): StatePayload | null {
    if (!raw) return null;
    const [body, mac] = raw.split('.');
    if (!body || !mac || !equal(mac, this.mac(body))) return null;
    try {
      const p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as StatePayload;
      return typeof p.s === 'string' && typeof p.v === 'string' && typeof p.e === 'number' ? p : null;
    } catch {
      return null;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
