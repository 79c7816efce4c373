import type { NextFunction, Request, Response } from 'express';
import { ErrorCode } from './errors';

/** Content types a browser may send cross-site without a CORS preflight. */
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
/** Headers that force a preflight; any non-empty value proves the request is not a simple one. */
export const CSRF_HEADERS = ['x-apollo-operation-name', 'apollo-require-preflight', 'x-gt-csrf'];

/**
 * CSRF prevention for /graphql, the rule Apollo's `csrfPrevention` applies, run first so the
 * refusal carries our code (CSRF_REJECTED) and a clear message. A request passes when its
 * content type is not one a plain HTML form or `<img>` can produce (application/json, which
 * cross-origin needs a CORS preflight the BFF never grants), or when it carries one of
 * CSRF_HEADERS. So a cookie-authenticated request can only come from our own pages, and GET
 * queries need a header (GraphiQL and Apollo Client POST JSON anyway).
 */
export function csrfGuard(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== 'GET' && req.method !== 'POST') return next();
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const preflighted = req.headers['content-type'] !== undefined && !SIMPLE_CONTENT_TYPES.includes(type);
  const hasHeader = CSRF_HEADERS.some((h) => {
    const v = req.headers[h];
    return typeof v === 'string' && v.length > 0;
  });
  if (preflighted || hasHeader) return next();
  res.status(400).json({
    errors: [
      {
        message:
          'Refused as a possible cross-site request forgery: send Content-Type: application/json, ' +
          `or a non-empty ${CSRF_HEADERS.join(' / ')} header`,
        extensions: { code: ErrorCode.CSRF_REJECTED },
      },
    ],
  });
}
