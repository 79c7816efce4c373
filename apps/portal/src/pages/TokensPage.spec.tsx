import { screen, within } from '@testing-library/react';
import {
  CreatePersonalAccessTokenDocument,
  PersonalAccessTokensDocument,
  type PersonalAccessTokenFieldsFragment,
} from '../generated/graphql';
import { renderPage, type Mock } from '../test/render';
import { TokensPage } from './TokensPage';

const existing: PersonalAccessTokenFieldsFragment = {
  __typename: 'PersonalAccessToken',
  id: 't1',
  name: 'Nightly export',
  displayPrefix: 'gtp_ab12',
  createdAt: '2026-11-01T10:00:00.000Z',
  expiresAt: null,
  lastUsedAt: null,
};

const list = (tokens: PersonalAccessTokenFieldsFragment[]): Mock => ({
  request: { query: PersonalAccessTokensDocument },
  result: { data: { viewer: { __typename: 'Viewer', id: 'u1', personalAccessTokens: tokens } } },
});

describe('the personal access tokens page', () => {
  it('lists tokens and links to the GraphQL IDE', async () => {
    renderPage(<TokensPage />, { mocks: [list([existing])] });
    const table = await screen.findByTestId('tokens');
    const row = within(table).getByText('Nightly export').closest('tr') as HTMLElement;
    expect(within(row).getAllByText('Never')).toHaveLength(2);
    expect(screen.getByRole('link', { name: /Open the GraphQL IDE/ })).toHaveAttribute('href', '/graphql');
  });

  it('creates a token and shows it once', async () => {
    const created: PersonalAccessTokenFieldsFragment = {
      ...existing,
      id: 't2',
      name: 'CI',
      displayPrefix: 'gtp_cd34',
    };
    const { user } = renderPage(<TokensPage />, {
      mocks: [
        list([existing]),
        {
          request: {
            query: CreatePersonalAccessTokenDocument,
            variables: { input: { name: 'CI', expiresInDays: 90 } },
          },
          result: {
            data: {
              createPersonalAccessToken: {
                __typename: 'CreatedPersonalAccessToken',
                secret: 'gtp_SECRET',
                personalAccessToken: created,
              },
            },
          },
        },
        list([existing, created]),
      ],
    });
    await screen.findByTestId('tokens');
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    expect(screen.getByText('Token name is required.')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Name'), 'CI');
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    expect(await screen.findByTestId('secret-value')).toHaveValue('gtp_SECRET');
    expect(screen.getByText('Copy it now: you will not see this again.')).toBeInTheDocument();
  });
});
