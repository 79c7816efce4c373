import { screen, within } from '@testing-library/react';
import { GraphQLError } from 'graphql';
import { RestoreGameDocument, StudioGamesDocument, type Role } from '../generated/graphql';
import { gameClientsMock } from '../test/mocks';
import { renderPage, type Mock } from '../test/render';
import { ClientsPage } from './ClientsPage';
import { StudioGamesPage } from './StudioGamesPage';

interface G {
  id: string;
  name: string;
  archivedAt: string | null;
}
const active: G = { id: 'g1', name: 'Star Miners', archivedAt: null };
const archived: G = { id: 'g2', name: 'Old Prototype', archivedAt: '2026-11-20T10:00:00.000Z' };

function games(includeArchived: boolean, list: G[], role: Role = 'ADMIN'): Mock {
  return {
    request: { query: StudioGamesDocument, variables: { studioId: 's1', includeArchived } },
    result: {
      data: {
        studio: {
          __typename: 'Studio',
          id: 's1',
          name: 'Pixel Forge',
          role,
          createdAt: '2026-11-01T10:00:00.000Z',
          games: list.map((g) => ({ __typename: 'Game', createdAt: '2026-11-02T10:00:00.000Z', ...g })),
        },
      },
    },
  };
}

const restore = (result: Mock['result']): Mock => ({
  request: { query: RestoreGameDocument, variables: { input: { studioId: 's1', gameId: 'g2' } } },
  result,
});
const restored = { data: { restoreGame: { __typename: 'Game', ...archived, archivedAt: null } } };

const page = (mocks: Mock[]) =>
  renderPage(<StudioGamesPage />, { path: '/studios/:studioId', url: '/studios/s1', mocks });

describe('archived games on the studio page', () => {
  it('shows archived games on request and restores one, saying the old keys stay revoked', async () => {
    const { user } = page([
      games(false, [active]),
      games(true, [active, archived]),
      restore(restored),
      games(true, [active, { ...archived, archivedAt: null }]),
    ]);
    await screen.findByRole('link', { name: 'Star Miners' });
    expect(screen.queryByText('Old Prototype')).not.toBeInTheDocument();

    await user.click(screen.getByRole('checkbox', { name: 'Show archived' }));
    const row = (await screen.findByRole('link', { name: 'Old Prototype' })).closest('tr') as HTMLElement;
    expect(within(row).getByText('Archived')).toBeInTheDocument();
    // Archived games are restored, not archived again; active ones the other way round.
    expect(within(row).queryByRole('button', { name: 'Archive Old Prototype' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Restore Star Miners' })).not.toBeInTheDocument();

    await user.click(within(row).getByRole('button', { name: 'Restore Old Prototype' }));
    const dialog = screen.getByRole('dialog', { name: 'Restore Old Prototype?' });
    expect(dialog).toHaveTextContent('Its old API keys stay revoked');
    expect(dialog).toHaveTextContent('Create a new key for each client');
    await user.click(within(dialog).getByRole('button', { name: 'Restore game' }));

    const notice = await screen.findByText(/Old Prototype is restored/);
    expect(notice).toHaveTextContent('stay revoked: create a new key for each client');
    expect(within(notice).getByRole('link', { name: 'Clients & keys' })).toHaveAttribute(
      'href',
      '/studios/s1/games/g2/clients',
    );
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    const after = (await screen.findByRole('button', { name: 'Archive Old Prototype' })).closest('tr')!;
    expect(within(after as HTMLElement).getByText('Active')).toBeInTheDocument();
  });

  it('shows a refusal in the dialog and keeps it open', async () => {
    const { user } = page([
      games(false, [active]),
      games(true, [active, archived]),
      restore({
        errors: [
          new GraphQLError('This needs the ADMIN role in the studio; you are MEMBER', {
            extensions: { code: 'FORBIDDEN', reason: 'FORBIDDEN_ROLE' },
          }),
        ],
      }),
    ]);
    await screen.findByRole('link', { name: 'Star Miners' });
    await user.click(screen.getByRole('checkbox', { name: 'Show archived' }));
    await user.click(await screen.findByRole('button', { name: 'Restore Old Prototype' }));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Restore game' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('This needs the ADMIN role');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.queryByText(/is restored/)).not.toBeInTheDocument();
  });

  it('offers members neither archive nor restore', async () => {
    const { user } = page([games(false, [active], 'MEMBER'), games(true, [active, archived], 'MEMBER')]);
    await screen.findByRole('link', { name: 'Star Miners' });
    await user.click(screen.getByRole('checkbox', { name: 'Show archived' }));
    await screen.findByRole('link', { name: 'Old Prototype' });
    expect(screen.queryByRole('button', { name: /^(Archive|Restore) / })).not.toBeInTheDocument();
  });
});

describe('an archived game’s clients page', () => {
  const clients = (archivedAt: string | null) =>
    gameClientsMock({ role: 'OWNER', game: { id: 'g2', name: 'Old Prototype', archivedAt } });

  it('restores the game from its notice, after which clients can be registered again', async () => {
    const { user } = renderPage(<ClientsPage />, {
      path: '/studios/:studioId/games/:gameId/clients',
      url: '/studios/s1/games/g2/clients',
      mocks: [clients(archived.archivedAt), restore(restored)],
    });
    expect(await screen.findByText(/This game is archived/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Register client' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Restore game' }));
    const dialog = screen.getByRole('dialog', { name: 'Restore Old Prototype?' });
    await user.click(within(dialog).getByRole('button', { name: 'Restore game' }));

    // The answer (archivedAt null) updates the cached game: the page follows without a refetch.
    expect(await screen.findByText(/The game is restored/)).toHaveTextContent(
      'stay revoked: create a new key for each client',
    );
    expect(screen.queryByText(/This game is archived/)).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Register client' })).toBeInTheDocument();
  });
});
