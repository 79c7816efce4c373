import { screen, waitFor } from '@testing-library/react';
import { GraphQLError } from 'graphql';
import { CreateStudioDocument, ViewerDocument } from '../generated/graphql';
import { renderPage, type Mock } from '../test/render';
import { StudiosPage } from './StudiosPage';

function viewer(studios: { id: string; name: string; role: 'OWNER' | 'ADMIN' | 'MEMBER' }[]): Mock {
  return {
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
          studios: studios.map((s) => ({ __typename: 'Studio', ...s })),
        },
      },
    },
    maxUsageCount: 5,
  };
}

describe('the studios page', () => {
  it('lists the viewer’s studios with their role', async () => {
    renderPage(<StudiosPage />, {
      mocks: [
        viewer([
          { id: 's1', name: 'Pixel Forge', role: 'OWNER' },
          { id: 's2', name: 'Night Owl', role: 'MEMBER' },
        ]),
      ],
    });
    const list = await screen.findByRole('list', { name: 'Studios' });
    expect(list).toHaveTextContent('Pixel Forge');
    expect(list).toHaveTextContent('Owner');
    expect(screen.getByRole('link', { name: 'Night Owl' })).toHaveAttribute('href', '/studios/s2');
  });

  it('says what to do when the viewer has no studio', async () => {
    renderPage(<StudiosPage />, { mocks: [viewer([])] });
    expect(await screen.findByText('You are not in a studio yet')).toBeInTheDocument();
  });

  it('shows a loading state, then an error with a retry when the list cannot load', async () => {
    renderPage(<StudiosPage />, {
      mocks: [{ request: { query: ViewerDocument }, error: new TypeError('Failed to fetch') }],
    });
    expect(screen.getByRole('status')).toHaveTextContent('Loading');
    expect(await screen.findByText(/Cannot reach the server/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('checks the new studio’s name, shows the server’s field message, and opens the new studio', async () => {
    const create = (name: string, result: Mock['result']): Mock => ({
      request: { query: CreateStudioDocument, variables: { input: { name } } },
      result,
    });
    const { user, router } = renderPage(<StudiosPage />, {
      mocks: [
        viewer([]),
        create('Taken', {
          data: null,
          errors: [
            new GraphQLError('Invalid input', {
              extensions: {
                code: 'BAD_USER_INPUT',
                fieldErrors: [{ field: 'name', message: 'A studio with this name already exists' }],
              },
            }),
          ],
        }),
        create('Pixel Forge', {
          data: {
            createStudio: {
              __typename: 'Studio',
              id: 's9',
              name: 'Pixel Forge',
              role: 'OWNER',
              createdAt: '2026-11-24T10:00:00.000Z',
            },
          },
        }),
      ],
    });
    await screen.findByText('You are not in a studio yet');
    await user.click(screen.getByRole('button', { name: 'Create studio' }));
    expect(await screen.findByText('Studio name is required.')).toBeInTheDocument();

    await user.type(screen.getByLabelText('Studio name'), 'Taken');
    await user.click(screen.getByRole('button', { name: 'Create studio' }));
    expect(await screen.findByText('A studio with this name already exists')).toBeInTheDocument();

    await user.clear(screen.getByLabelText('Studio name'));
    await user.type(screen.getByLabelText('Studio name'), 'Pixel Forge');
    await user.click(screen.getByRole('button', { name: 'Create studio' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/studios/s9'));
  });
});
