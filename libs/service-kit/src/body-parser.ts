import type { NestExpressBodyParserOptions } from '@nestjs/platform-express';
import type { Request } from 'express';

/** Strips trailing slashes and lower-cases, as Express compares mount paths (non-strict, case-insensitive). */
function normalisePath(path: string): string {
  return path.replace(/\/+$/, '').toLowerCase();
}

/**
 * A predicate telling whether a request path lies on or under one of `paths`. The comparison is
 * the one Express makes for a mount path (`app.use(path, ...)`): case-insensitive, trailing slash
 * ignored, a path covering everything below it at a segment boundary (`/v1/events` covers
 * `/v1/events/x` but not `/v1/eventsx`). So a service that mounts its own body reader with
 * `app.use(path, reader)` and excludes the same `path` gets exactly the requests the reader sees.
 */
export function pathMatcher(paths: readonly string[]): (requestPath: string) => boolean {
  for (const p of paths) {
    if (!p.startsWith('/')) {
      throw new Error(`bodyParserExclude: paths must start with "/", got ${JSON.stringify(p)}`);
    }
  }
  const prefixes = paths.map(normalisePath);
  return (requestPath) => {
    const path = normalisePath(requestPath);
    return prefixes.some((p) => path === p || path.startsWith(`${p}/`));
  };
}

/**
 * Options of the kit's JSON body parser. Excluded paths go through body-parser's own `type`
 * hook: the parser is asked whether to parse, answers no, and leaves the body stream unread for
 * the service's reader. Everything else is parsed as `application/json` exactly as by default.
 */
export function jsonBodyParserOptions(opts: {
  limit: string;
  exclude?: readonly string[];
}): NestExpressBodyParserOptions {
  if (!opts.exclude?.length) return { limit: opts.limit };
  const excluded = pathMatcher(opts.exclude);
  return {
    limit: opts.limit,
    // The parser runs as Express middleware, so the request is Express's (path, is()).
    // `req.is('application/json')` is body-parser's default type check.
    type: (req) => {
      const r = req as Request;
      return !excluded(r.path) && Boolean(r.is('application/json'));
    },
  };
}
