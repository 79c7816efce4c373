import { ApolloProvider } from '@apollo/client/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { createApolloClient } from './app/apollo';
import { ConfigProvider, loadPortalConfig } from './app/config';
import { routes } from './app/routes';
import { ViewerDocument } from './generated/graphql';
import { signInPath } from './app/session';
import './styles.css';

async function start(): Promise<void> {
  const config = await loadPortalConfig();
  const router = createBrowserRouter(routes);
  const client = createApolloClient({
    // A session that ends while the portal is open (expiry, sign-out elsewhere, revoked): drop the
    // cached data of that account and send the person to sign in, then back here.
    onUnauthenticated: () => {
      const { pathname, search } = router.state.location;
      if (pathname.startsWith('/sign-in')) return;
      // Never signed in during this visit: the shell sends the person to sign in, without
      // claiming that a session "ended".
      if (!client.cache.readQuery({ query: ViewerDocument })) return;
      void client.clearStore().finally(() => void router.navigate(signInPath(pathname + search, 'expired')));
    },
  });
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <ConfigProvider config={config}>
        <ApolloProvider client={client}>
          <RouterProvider router={router} />
        </ApolloProvider>
      </ConfigProvider>
    </StrictMode>,
  );
}

void start();
