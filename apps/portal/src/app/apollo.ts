// The Apollo Client of the portal: queries and mutations over HTTP POST to /graphql with the
// session cookie, subscriptions over graphql-ws on the same path, and one place that reacts to
// an expired session.
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';

export const GRAPHQL_PATH = '/graphql';

export function createCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      // The same user is a different member (role, join date) in each studio: keep members inside
      // their studio's list instead of normalising them by user id.
      Member: { keyFields: false },
      Invitation: { keyFields: ['id'] },
      Dashboard: { keyFields: false },
      Game: {
        fields: {
          // Replace, not merge: the server's list is the truth after a create or delete.
          clients: { merge: false },
          alertRules: { merge: false },
        },
      },
      GameClient: { fields: { apiKeys: { merge: false } } },
      Studio: { fields: { members: { merge: false }, invitations: { merge: false } } },
      Viewer: { fields: { studios: { merge: false }, personalAccessTokens: { merge: false } } },
    },
  });
}

/** True for errors that mean "no valid session": the cookie expired, was revoked, or is absent. */
export function isUnauthenticated(error: unknown): boolean {
  return (
    CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')
  );
}

export interface PortalClientOptions {
  /** Called once per burst of UNAUTHENTICATED answers: send the person to sign in, then back. */
  onUnauthenticated: () => void;
  /** For tests: the page's origin. */
  origin?: string;
}

export function createApolloClient(options: PortalClientOptions): ApolloClient {
  const origin = options.origin ?? window.location.origin;

  const http = new HttpLink({
    uri: GRAPHQL_PATH,
    credentials: 'same-origin',
    // The BFF's CSRF rule (Apollo's csrfPrevention): JSON bodies pass already; the header also
    // covers any request Apollo might send as GET.
    headers: { 'apollo-require-preflight': 'true' },
  });

  const ws = new GraphQLWsLink(
    createClient({
      url: `${origin.replace(/^http/, 'ws')}${GRAPHQL_PATH}`,
      lazy: true,
      // Reconnects after a BFF restart or a laptop waking up; the cookie goes with the upgrade.
      retryAttempts: Infinity,
      shouldRetry: () => true,
    }),
  );

  let redirecting = false;
  const errors = new ErrorLink(({ error }) => {
    if (!isUnauthenticated(error) || redirecting) return;
    redirecting = true;
    options.onUnauthenticated();
    // Several queries fail together when a session ends: redirect once per burst.
    setTimeout(() => {
      redirecting = false;
    }, 1000);
  });

  const transport = ApolloLink.split(
    ({ query }) => {
      const def = getMainDefinition(query);
      return def.kind === 'OperationDefinition' && def.operation === 'subscription';
    },
    ws,
    http,
  );

  return new ApolloClient({
    link: ApolloLink.from([errors, transport]),
    cache: createCache(),
    defaultOptions: {
      watchQuery: { fetchPolicy: 'cache-and-network', nextFetchPolicy: 'cache-first' },
    },
  });
}
