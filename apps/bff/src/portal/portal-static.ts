import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** Paths that belong to the API, never to the portal's client-side router. */
const API_PATHS = /^\/(graphql|auth|health|metrics|docs|openapi\.json|ide)(\/|$)/;

/** Vite names built assets `name-<hash>.ext`; those can be cached for good. */
const HASHED = /[.-][A-Za-z0-9_-]{8,}\.(js|css|woff2?|svg|png|jpg|webp)$/;

/**
 * Serves the built portal at `/` so portal and API share one origin (cookies stay
 * first-party, no CORS). Files are served as they are; any other GET a browser makes for a
 * page (Accept: text/html) gets index.html, so deep links into client-side routes work.
 * index.html is never cached, so a new deployment shows at once.
 * Returns false when the directory does not exist (the portal is built separately).
 */
export function setupPortal(app: NestExpressApplication, dir: string | undefined): boolean {
  if (!dir) return false;
  const root = path.resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) return false;
  const index = path.join(root, 'index.html');
  app.useStaticAssets(root, {
    index: false,
    setHeaders: (res, file) => {
      res.setHeader('Cache-Control', HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (API_PATHS.test(req.path) || !(req.headers.accept ?? '').includes('text/html')) return next();
    if (!existsSync(index)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}
