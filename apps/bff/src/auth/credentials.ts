import type { CookieOptions, Request } from 'express';
import type { BffConfig } from '../config';

/** Personal access tokens carry this prefix (core issues them); anything else is refused as a bearer. */
export const PERSONAL_TOKEN_PREFIX = 'gtp_';

/** How a caller proves who they are: the browser's session cookie or an integrator's token. */
export type Credential =
  | { readonly kind: 'session'; readonly token: string }
  | { readonly kind: 'personal-token'; readonly token: string }
  | { readonly kind: 'malformed-bearer' };

/**
 * `__Host-` makes the browser refuse the cookie unless it is Secure, host-only and on `/`,
 * so a sibling subdomain cannot plant or overwrite it. Plain http (local development) cannot
 * use the prefix.
 */
export function sessionCookieName(config: Pick<BffConfig, 'COOKIE_SECURE'>): string {
  return config.COOKIE_SECURE ? '__Host-gt_session' : 'gt_session';
}

export function sessionCookieOptions(
  config: Pick<BffConfig, 'COOKIE_SECURE'>,
  expiresAt?: Date,
): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.COOKIE_SECURE,
    path: '/',
    ...(expiresAt ? { expires: expiresAt } : {}),
  };
}

interface HeaderSource {
  headers: Request['headers'];
  cookies?: Record<string, string | undefined>;
}

/** Reads a cookie from a raw Cookie header (WebSocket upgrades do not pass through cookie-parser). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    if (part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * The credential of a request. A bearer token wins over the cookie: an integrator's script
 * that also happens to hold a browser cookie acts as the token says.
 */
export function credentialOf(
  req: HeaderSource,
  cookieName: string,
  authorization?: string | undefined,
): Credential | null {
  const auth = authorization ?? req.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (!m || !m[1].startsWith(PERSONAL_TOKEN_PREFIX)) return { kind: 'malformed-bearer' };
    return { kind: 'personal-token', token: m[1] };
  }
  const cookie = req.cookies?.[cookieName] ?? readCookie(req.headers.cookie, cookieName);
  return cookie ? { kind: 'session', token: cookie } : null;
}

/** The session cookie alone (sign-out concerns the browser session, never a bearer token). */
export function sessionTokenOf(req: HeaderSource, cookieName: string): string | undefined {
  return req.cookies?.[cookieName] ?? readCookie(req.headers.cookie, cookieName);
}
