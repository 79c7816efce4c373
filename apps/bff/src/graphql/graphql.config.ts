import type { IncomingMessage } from 'node:http';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { Request, Response } from 'express';
import { type ExecutionResult, type GraphQLError, type GraphQLSchema, parse } from 'graphql';
import type { Context as WsContext } from 'graphql-ws';
import type { Logger } from 'pino';
import type { AuthService } from '../auth/auth.service';
import { credentialOf, readCookie, sessionCookieName } from '../auth/credentials';
import { allowedOrigins } from '../auth/same-origin';
import type { BffConfig } from '../config';
import { accessPlugin } from './access.plugin';
import type { GqlContext } from './context';
import { ErrorCode, formatGraphQLError, gqlError } from './errors';
import { checkQueryLimits, selectOperation } from './query-limits';
import { RateLimiter } from './rate-limiter';
import { RequestScope } from './request-scope';

export const GRAPHQL_PATH = '/graphql';

type WsExtra = { request: IncomingMessage };

function wsAuthorization(ctx: WsContext<Record<string, unknown> | undefined, WsExtra>): string | undefined {
  const params = ctx.connectionParams ?? {};
  const raw = params.authorization ?? params.Authorization;
  return typeof raw === 'string' ? raw : undefined;
}

/** Everything Apollo and graphql-ws need, from the BFF's configuration. */
export function graphqlConfig(config: BffConfig, auth: AuthService, logger: Logger): ApolloDriverConfig {
  const cookieName = sessionCookieName(config);
  const limits = { maxDepth: config.GRAPHQL_MAX_DEPTH, maxComplexity: config.GRAPHQL_MAX_COMPLEXITY };
  const socketOrigins = allowedOrigins(config);
  const onUnexpected = (err: unknown): void =>
    logger.error({ err }, 'unexpected error in a GraphQL operation');
  // The built schema, kept for the subscription limit check (Apollo hands it to its plugins).
  let schema: GraphQLSchema | undefined;

  const httpContext = ({ req, res }: { req: Request; res: Response }): GqlContext => ({
    req,
    res,
    scope: new RequestScope(
      credentialOf(req, cookieName),
      { ip: req.ip ?? req.socket.remoteAddress ?? 'unknown', userAgent: req.headers['user-agent'] },
      auth,
    ),
  });

  const socketContext = (ctx: WsContext<Record<string, unknown> | undefined, WsExtra>): GqlContext => {
    const req = ctx.extra.request;
    const credential = credentialOf(
      { headers: req.headers, cookies: { [cookieName]: readCookie(req.headers.cookie, cookieName) } },
      cookieName,
      wsAuthorization(ctx),
    );
    return {
      scope: new RequestScope(
        credential,
        {
          ip: req.socket.remoteAddress ?? 'unknown',
          userAgent: req.headers['user-agent'],
          origin: req.headers.origin,
        },
        auth,
      ),
    };
  };

  return {
    path: GRAPHQL_PATH,
    autoSchemaFile: true,
    transformSchema: (built: GraphQLSchema) => {
      schema = built;
      return built;
    },
    sortSchema: true,
    // Apollo's landing page and Nest's GraphiQL option load from CDNs; ours is served by
    // ide/graphiql.ts from npm packages.
    playground: false,
    graphiql: false,
    // Gated per request by accessPlugin: signed-in callers only, and only when GRAPHQL_IDE is on.
    introspection: true,
    // Our own middleware (csrf.ts) applies the same rule first, with our error code; Apollo's
    // stays on as a second line.
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    // Our formatError maps HTTP exceptions too (errors.ts).
    autoTransformHttpErrors: false,
    context: httpContext,
    formatError: (formatted, error) => formatGraphQLError(formatted, error, onUnexpected),
    plugins: [
      accessPlugin({
        limiter: new RateLimiter(60_000),
        limits,
        perMinute: config.RATE_LIMIT_PER_MINUTE,
        anonymousPerMinute: config.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
        introspection: config.GRAPHQL_IDE,
      }),
    ],
    subscriptions: {
      'graphql-ws': {
        path: GRAPHQL_PATH,
        // Browsers do not apply CORS to WebSockets: a page on another site could open one with
        // the user's cookie. A cookie-authenticated socket must come from our own origin.
        onConnect: (ctx: WsContext<Record<string, unknown> | undefined, WsExtra>) => {
          const origin = ctx.extra.request.headers.origin;
          const usesCookie =
            !wsAuthorization(ctx) && Boolean(readCookie(ctx.extra.request.headers.cookie, cookieName));
          return !(usesCookie && origin !== undefined && !socketOrigins.has(origin));
        },
        context: socketContext,
        // Subscription results skip Apollo's formatError: give them the same codes here.
        onNext: (_ctx: unknown, _id: string, _payload: unknown, _args: unknown, result: ExecutionResult) =>
          result.errors
            ? { ...result, errors: result.errors.map((e) => formatGraphQLError(e.toJSON(), e, onUnexpected)) }
            : undefined,
        onError: (_ctx: unknown, _id: string, _payload: unknown, errors: readonly GraphQLError[]) =>
          errors.map((e) => formatGraphQLError(e.toJSON(), e, onUnexpected)),
        onSubscribe: (
          _ctx: unknown,
          _id: string,
          payload: {
            query: string;
            operationName?: string | null;
            variables?: Record<string, unknown> | null;
          },
        ) => {
          // Depth and cost limits apply to subscriptions too (Apollo's plugins do not run here).
          try {
            const document = parse(payload.query);
            const operation = selectOperation(document, payload.operationName);
            if (!operation || !schema) return undefined;
            checkQueryLimits(schema, document, operation, payload.variables ?? undefined, limits);
          } catch (e) {
            if ((e as GraphQLError).extensions?.code) return [e as GraphQLError];
            return [gqlError(ErrorCode.BAD_USER_INPUT, (e as Error).message)];
          }
          return undefined;
        },
      },
    },
  } as ApolloDriverConfig;
}
