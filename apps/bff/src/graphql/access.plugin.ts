import type { ApolloServerPlugin } from '@apollo/server';
import type { GqlContext } from './context';
import type { RequestScope } from './request-scope';
import { ErrorCode, gqlError, toGraphQLError } from './errors';
import { checkQueryLimits, type QueryLimits, usesIntrospection } from './query-limits';
import type { RateLimiter } from './rate-limiter';

/**
 * Per session or token once core confirmed it (the check every signed-in field needs anyway,
 * cached); per IP for anonymous callers and for made-up credentials, so inventing tokens
 * does not buy fresh buckets. When core cannot be asked, the credential's own bucket applies.
 */
async function rateBucket(scope: RequestScope, opts: AccessOptions): Promise<{ key: string; limit: number }> {
  if (scope.credentialKey) {
    const principal = await scope.principal().catch(() => 'unknown' as const);
    if (principal) return { key: `cred:${scope.credentialKey}`, limit: opts.perMinute };
  }
  return { key: `ip:${scope.meta.ip}`, limit: opts.anonymousPerMinute };
}

export interface AccessOptions {
  limiter: RateLimiter;
  limits: QueryLimits;
  perMinute: number;
  anonymousPerMinute: number;
  /** GRAPHQL_IDE: introspection (and the IDE) for signed-in callers; off: for nobody. */
  introspection: boolean;
}

/**
 * Checks run once the operation is known and before any resolver: the caller's rate, the
 * operation's depth and cost, and who may introspect. Each failure is a request-level error
 * with its own code and HTTP status, so nothing downstream is called.
 */
export function accessPlugin(opts: AccessOptions): ApolloServerPlugin<GqlContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(rc) {
          const scope = rc.contextValue.scope;
          const { key, limit } = await rateBucket(scope, opts);
          const rate = opts.limiter.take(key, limit);
          rc.response.http.headers.set('x-ratelimit-limit', String(limit));
          rc.response.http.headers.set('x-ratelimit-remaining', String(rate.remaining));
          if (!rate.allowed) {
            rc.response.http.headers.set('retry-after', String(rate.retryAfterSeconds));
            throw gqlError(
              ErrorCode.RATE_LIMITED,
              `Too many requests: the limit is ${limit} per minute; retry in ${rate.retryAfterSeconds} s`,
              429,
              { retryAfterSeconds: rate.retryAfterSeconds },
            );
          }
          // Apollo refuses a document without a runnable operation before this hook.
          if (!rc.operation) return;
          checkQueryLimits(rc.schema, rc.document, rc.operation, rc.request.variables, opts.limits);
          if (usesIntrospection(rc.document, rc.operation)) {
            if (!opts.introspection) {
              throw gqlError(
                ErrorCode.INTROSPECTION_DISABLED,
                'Introspection is disabled on this server',
                403,
              );
            }
            // UNAUTHENTICATED (or UPSTREAM_UNAVAILABLE when core is down), as on any signed-in field.
            await scope.requireUser().catch((e: unknown) => {
              throw toGraphQLError(e);
            });
          }
        },
      };
    },
  };
}
