// Renders a page the way the portal does (router, Apollo, runtime config), with mocked GraphQL
// answers instead of the BFF.
import { MockedProvider } from '@apollo/client/testing/react';
import type { MockLink } from '@apollo/client/testing';
import { render, type RenderResult } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { createCache } from '../app/apollo';
import { ConfigProvider, type PortalConfig } from '../app/config';

export const TEST_CONFIG: PortalConfig = { ingestionUrl: 'https://ingest.test', graphqlIdeUrl: '/graphql' };

export type Mock = MockLink.MockedResponse;

interface RenderOptions {
  /** The route pattern of the element, e.g. /studios/:studioId. */
  path?: string;
  /** The URL to open. */
  url?: string;
  mocks?: Mock[];
  /** More routes, e.g. the pages a form navigates to. */
  routes?: RouteObject[];
}

export function renderPage(
  element: ReactElement,
  { path = '/', url = '/', mocks = [], routes = [] }: RenderOptions = {},
): RenderResult & { user: UserEvent; router: ReturnType<typeof createMemoryRouter> } {
  const router = createMemoryRouter(
    [{ path, element }, ...routes, { path: '*', element: <p>Another page</p> }],
    { initialEntries: [url] },
  );
  const utils = render(
    <ConfigProvider config={TEST_CONFIG}>
      <MockedProvider mocks={mocks} cache={createCache()}>
        <RouterProvider router={router} />
      </MockedProvider>
    </ConfigProvider>,
  );
  return { ...utils, user: userEvent.setup(), router };
}

export function renderRoutes(
  routes: RouteObject[],
  url: string,
  mocks: Mock[] = [],
): RenderResult & { user: UserEvent; router: ReturnType<typeof createMemoryRouter> } {
  const router = createMemoryRouter(routes, { initialEntries: [url] });
  const utils = render(
    <ConfigProvider config={TEST_CONFIG}>
      <MockedProvider mocks={mocks} cache={createCache()}>
        <RouterProvider router={router} />
      </MockedProvider>
    </ConfigProvider>,
  );
  return { ...utils, user: userEvent.setup(), router };
}
