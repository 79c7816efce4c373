// Answers of the BFF that several component tests need, with the cache's __typename fields.
import { GameClientsDocument, type GameClientFieldsFragment, type Role } from '../generated/graphql';
import type { Mock } from './render';

interface GameClientsAnswer {
  role?: Role;
  game?: { id?: string; name?: string; archivedAt?: string | null };
  clients?: GameClientFieldsFragment[];
}

/** The GameClients query of studio s1 (Pixel Forge) and a game (by default g1, Star Miners, active). */
export function gameClientsMock({ role = 'ADMIN', game = {}, clients = [] }: GameClientsAnswer = {}): Mock {
  const { id = 'g1', name = 'Star Miners', archivedAt = null } = game;
  return {
    request: { query: GameClientsDocument, variables: { studioId: 's1', gameId: id } },
    result: {
      data: {
        studio: { __typename: 'Studio', id: 's1', name: 'Pixel Forge', role },
        game: {
          __typename: 'Game',
          id,
          name,
          archivedAt,
          createdAt: '2026-11-20T10:00:00.000Z',
          clients,
        },
      },
    },
  };
}
