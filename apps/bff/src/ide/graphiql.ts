import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * GraphiQL 3 served from npm packages, never a CDN (many networks have no internet, and
 * neither has CI). GraphiQL 3 ships a browser bundle (`graphiql.min.js`, graphql-ws included)
 * that expects React 18 as globals; React 19 dropped its UMD builds, so apps/bff/package.json
 * depends on graphiql 3 and react/react-dom 18, which npm nests in apps/bff/node_modules while
 * the portal keeps React 19 at the root.
 */
const ASSETS = {
  'react.js': ['react', 'umd/react.production.min.js'],
  'react-dom.js': ['react-dom', 'umd/react-dom.production.min.js'],
  'graphiql.js': ['graphiql', 'graphiql.min.js'],
  'graphiql.css': ['graphiql', 'graphiql.min.css'],
} as const;
type AssetName = keyof typeof ASSETS;

export const IDE_ASSET_PREFIX = '/ide/assets';

/**
 * Where apps/bff's own node_modules are: next to the sources when run from apps/bff/src, and
 * found by walking up to the repository from dist/apps/bff/src in a build.
 */
function packageBases(): string[] {
  const bases = [__dirname];
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const candidate = path.join(dir, 'apps', 'bff', 'package.json');
    if (existsSync(candidate)) bases.push(path.dirname(candidate));
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return bases;
}

/** Resolves each asset to a file, preferring a React 18 that actually has the UMD build. */
export function resolveIdeAssets(): Record<AssetName, string> | null {
  const out: Partial<Record<AssetName, string>> = {};
  for (const [name, [pkg, file]] of Object.entries(ASSETS) as [AssetName, readonly [string, string]][]) {
    for (const base of packageBases()) {
      try {
        const req = createRequire(path.join(base, 'noop.js'));
        const candidate = path.join(path.dirname(req.resolve(`${pkg}/package.json`)), file);
        if (existsSync(candidate)) {
          out[name] = candidate;
          break;
        }
      } catch {
        // Not resolvable from this base; try the next.
      }
    }
    if (!out[name]) return null;
  }
  return out as Record<AssetName, string>;
}

const INIT_SCRIPT = `(function () {
  var http = window.location.origin + '/graphql';
  var ws = http.replace(/^http/, 'ws');
  var fetcher = GraphiQL.createFetcher({ url: http, subscriptionUrl: ws });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultEditorToolsVisibility: true,
    shouldPersistHeaders: false,
    defaultQuery: '# Signed in to the portal? Your session cookie is sent with every request.\\n' +
      '# An integrator? Open "Headers" below and add\\n' +
      '#   { "Authorization": "Bearer gtp_..." }\\n' +
      '# with a personal access token from the portal.\\n\\n' +
      'query Viewer {\\n  viewer {\\n    id\\n    email\\n    studios { id name role }\\n  }\\n}\\n'
  }));
})();
`;

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Game Telemetry GraphQL IDE</title>
    <link rel="stylesheet" href="${IDE_ASSET_PREFIX}/graphiql.css" />
    <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
  </head>
  <body>
    <div id="graphiql">Loading the GraphQL IDE…</div>
    <script src="${IDE_ASSET_PREFIX}/react.js"></script>
    <script src="${IDE_ASSET_PREFIX}/react-dom.js"></script>
    <script src="${IDE_ASSET_PREFIX}/graphiql.js"></script>
    <script src="${IDE_ASSET_PREFIX}/init.js"></script>
  </body>
</html>
`;

/** Every script comes from our own origin: no inline script, no CDN. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // GraphiQL and CodeMirror set inline styles; fonts are inlined as data: URLs in the CSS.
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "frame-ancestors 'none'",
].join('; ');

/** A browser navigating to /graphql (not a GraphQL client, which asks for JSON). */
export function wantsIde(req: Request): boolean {
  if (req.method !== 'GET' || req.query.query !== undefined) return false;
  const accept = req.headers.accept ?? '';
  return accept.includes('text/html');
}

/**
 * Express middleware mounted before Apollo: GET /graphql from a browser gets the IDE, and
 * /ide/assets/* its files. Everything else passes through to Apollo.
 */
export function graphiqlMiddleware(enabled: boolean): RequestHandler {
  const assets = enabled ? resolveIdeAssets() : null;
  if (enabled && !assets) {
    throw new Error('GRAPHQL_IDE is on but graphiql 3 / react 18 are not installed (npm ci)');
  }
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!assets) return next();
    if (req.path === '/graphql' && wantsIde(req)) {
      res
        .status(200)
        .type('html')
        .set('Content-Security-Policy', CSP)
        .set('X-Content-Type-Options', 'nosniff')
        .set('Cache-Control', 'no-cache')
        .send(PAGE);
      return;
    }
    if (req.method === 'GET' && req.path.startsWith(`${IDE_ASSET_PREFIX}/`)) {
      const name = req.path.slice(IDE_ASSET_PREFIX.length + 1);
      if (name === 'init.js') {
        res.type('application/javascript').set('Cache-Control', 'no-cache').send(INIT_SCRIPT);
        return;
      }
      const file = (assets as Record<string, string | undefined>)[name];
      if (file) {
        res.sendFile(file, { maxAge: '1d', headers: { 'X-Content-Type-Options': 'nosniff' } });
        return;
      }
    }
    next();
  };
}
