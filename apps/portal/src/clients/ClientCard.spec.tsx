import { screen, within } from '@testing-library/react';
import { CreateApiKeyDocument, type GameClientFieldsFragment } from '../generated/graphql';
import { gameClientsMock } from '../test/mocks';
import { renderPage, type Mock } from '../test/render';
import { ClientCard } from './ClientCard';

const client: GameClientFieldsFragment = {
  __typename: 'GameClient',
  id: 'c1',
  name: 'Steam build',
  platform: 'UNITY',
  createdAt: '2026-11-20T10:00:00.000Z',
  signingRequired: false,
  signing: { __typename: 'RequestSigning', required: false, secrets: [] },
  apiKeys: [
    {
      __typename: 'ApiKey',
      id: 'k1',
      name: 'Old key',
      displayPrefix: 'gtk_live_ab12',
      status: 'REVOKED',
      createdAt: '2026-11-20T10:00:00.000Z',
      lastUsedAt: '2026-11-21T10:00:00.000Z',
      revokedAt: '2026-11-22T10:00:00.000Z',
      expiresAt: null,
      rotatedFromId: null,
      replacedById: null,
    },
  ],
};

const newKey: GameClientFieldsFragment['apiKeys'][number] = {
  __typename: 'ApiKey',
  id: 'k2',
  name: 'Release key',
  displayPrefix: 'gtk_live_SECR',
  status: 'ACTIVE',
  createdAt: '2026-11-24T10:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
  expiresAt: null,
  rotatedFromId: null,
  replacedById: null,
};

const createKey: Mock = {
  request: {
    query: CreateApiKeyDocument,
    variables: {
      input: { studioId: 's1', gameId: 'g1', clientId: 'c1', name: 'Release key', expiresAt: undefined },
    },
  },
  result: {
    data: {
      createApiKey: {
        __typename: 'CreatedApiKey',
        secret: 'gtk_live_SECRET123',
        apiKey: newKey,
      },
    },
  },
};

// The refetch after creating: the list with the new key.
const refetched = gameClientsMock({ clients: [{ ...client, apiKeys: [...client.apiKeys, newKey] }] });

describe('a game client card', () => {
  it('lists keys with status and last use, and offers no actions on a revoked key', () => {
    renderPage(<ClientCard studioId="s1" gameId="g1" client={client} canManage archived={false} />);
    const row = screen.getByTestId('api-key-k1');
    expect(within(row).getByText('Revoked')).toBeInTheDocument();
    expect(within(row).getByText('gtk_live_ab12…')).toBeInTheDocument();
    expect(within(row).queryByRole('button', { name: /Revoke|Rotate/ })).not.toBeInTheDocument();
  });

  it('creates a key and shows it once, with a copy button, a warning and filled-in snippets', async () => {
    const { user } = renderPage(
      <ClientCard studioId="s1" gameId="g1" client={client} canManage archived={false} />,
      {
        mocks: [createKey, refetched],
      },
    );
    await user.click(screen.getByRole('button', { name: 'Create API key' }));
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(screen.getByText('Key name is required.')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Key name'), 'Release key');
    await user.click(screen.getByRole('button', { name: 'Create key' }));

    expect(await screen.findByTestId('secret-value')).toHaveValue('gtk_live_SECRET123');
    expect(screen.getByText('Copy it now: you will not see this again.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Copy API key' })).toBeInTheDocument();
    // The Unity tab is first for a Unity client, with this deployment's endpoint and the key.
    expect(screen.getByRole('tab', { name: 'Unity' })).toHaveAttribute('aria-selected', 'true');
    const code = screen.getByRole('tabpanel');
    expect(code).toHaveTextContent('gtk_live_SECRET123');
    expect(code).toHaveTextContent('https://ingest.test');

    await user.click(screen.getByRole('button', { name: 'Copy API key' }));
    expect(await screen.findByText('Copied')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'I have copied it' }));
    expect(screen.queryByTestId('secret-value')).not.toBeInTheDocument();
    expect(screen.queryByText(/gtk_live_SECRET123/)).not.toBeInTheDocument();
  });

  it('lets members read but not change keys', () => {
    renderPage(<ClientCard studioId="s1" gameId="g1" client={client} canManage={false} archived={false} />);
    expect(screen.queryByRole('button', { name: 'Create API key' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Delete client/ })).not.toBeInTheDocument();
  });
});
