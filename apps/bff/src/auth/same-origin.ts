import { DomainError } from '@gt/service-kit';
import type { Request } from 'express';
import type { BffConfig } from '../config';

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Origins whose pages may act with the session cookie: PUBLIC_URL's, and outside production the
 * portal's Vite dev server (which proxies /graphql and /auth to the BFF).
 */
export function allowedOrigins(config: Pick<BffConfig, 'PUBLIC_URL' | 'NODE_ENV'>): Set<string> {
  const origins = new Set([new URL(config.PUBLIC_URL).origin]);
  if (config.NODE_ENV !== 'production') {
    for (const o of ['http://127.0.0.1:5173', 'http://localhost:5173']) origins.add(o);
  }
  return origins;
}

/**
 * Refuses a state-changing browser request (sign-in, sign-out) sent from another origin. The
 * browser sets Origin (or at least Referer) on cross-site POSTs, so a forged form post is
 * caught here; SameSite=Lax already keeps the cookie off it. Requests with neither header
 * (curl, scripts) are not browser-driven and pass.
 */
export function assertSameOrigin(req: Request, config: Pick<BffConfig, 'PUBLIC_URL' | 'NODE_ENV'>): void {
  const claimed = originOf(req.headers.origin) ?? originOf(req.headers.referer);
  const own = `${req.protocol}://${req.headers.host ?? ''}`;
  if (claimed && claimed !== own && !allowedOrigins(config).has(claimed)) {
    throw new DomainError('CSRF_REJECTED', 'This request came from another site and was refused', 403);
  }
}

/** A fetch from the portal (JSON) gets 204; a classic form post gets a redirect. */
export function wantsJson(req: Request): boolean {
  return (
    (req.headers['content-type'] ?? '').includes('application/json') ||
    (req.headers.accept ?? '').includes('application/json')
  );
}
