import { screen, waitFor } from '@testing-library/react';
import { GraphQLError } from 'graphql';
import { ViewerDocument } from '../generated/graphql';
import { renderRoutes, type Mock } from '../test/render';
import { AppShell } from './AppShell';

const routes = [
  { path: '/sign-in', element: <p>Sign-in page</p> },
  {
    path: '/',
    element: <AppShell />,
    children: [{ path: 'studios/:studioId', element: <p>Studio page</p> }],
  },
];

const signedIn: Mock = {
  request: { query: ViewerDocument },
  result: {
    data: {
      viewer: {
        __typename: 'Viewer',
        id: 'u1',
        email: 'dev@studio.example',
        name: 'Dev',
        avatarUrl: null,
        authMethod: 'SESSION',
        studios: [
          { __typename: 'Studio', id: 's1', name: 'Pixel Forge', role: 'OWNER' },
          { __typename: 'Studio', id: 's2', name: 'Night Owl', role: 'MEMBER' },
        ],
      },
    },
  },
};

describe('the signed-in frame', () => {
  it('sends someone without a session to sign in, remembering where they were going', async () => {
    const { router } = renderRoutes(routes, '/studios/s1?range=7d', [
      {
        request: { query: ViewerDocument },
        result: {
          data: null,
          errors: [new GraphQLError('Sign in', { extensions: { code: 'UNAUTHENTICATED' } })],
        },
      },
    ]);
    await waitFor(() => expect(router.state.location.pathname).toBe('/sign-in'));
    expect(router.state.location.search).toBe('?returnTo=%2Fstudios%2Fs1%3Frange%3D7d');
  });

  it('switches studios from the header', async () => {
    const { user, router } = renderRoutes(routes, '/studios/s1', [signedIn]);
    const switcher = await screen.findByLabelText('Current studio');
    expect(switcher).toHaveValue('s1');
    await user.selectOptions(switcher, 's2');
    await waitFor(() => expect(router.state.location.pathname).toBe('/studios/s2'));
    expect(screen.getByRole('link', { name: 'Members & settings' })).toHaveAttribute(
      'href',
      '/studios/s2/settings',
    );
  });

  it('offers a skip link to the content for keyboard users', async () => {
    renderRoutes(routes, '/studios/s1', [signedIn]);
    expect(await screen.findByRole('link', { name: 'Skip to content' })).toHaveAttribute('href', '#main');
  });
});
