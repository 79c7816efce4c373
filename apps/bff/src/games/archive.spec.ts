// Archiving and restoring a game through the GraphQL endpoint, with core replaced by the in-memory
// FakeCore (test/fakes.ts), which applies core's rules: admins change, members are refused, other
// studios' ids are unknown, both calls are idempotent. The same against the real core, with the
// API keys that archiving revokes, is test/games.int-spec.ts.
import { type FakeCore, ownerMemberStranger } from '../../test/fakes';
import { codes, type FakeBff, startFakeBff } from '../../test/unit-bff';

const input = { studioId: 's1', gameId: 's1-g0' };
const ARCHIVE = `mutation ($input: GameRefInput!) { archiveGame(input: $input) { id archivedAt } }`;
const RESTORE = `mutation ($input: GameRefInput!) { restoreGame(input: $input) { id name archivedAt } }`;
const GAMES = `query ($s: ID!) {
  studio(id: $s) { active: games { id } all: games(includeArchived: true) { id archivedAt } }
}`;

describe('archiving and restoring games over GraphQL (fake core)', () => {
  let bff: FakeBff;
  let core: FakeCore;

  beforeAll(async () => {
    core = ownerMemberStranger(2);
    bff = await startFakeBff(core);
  }, 60_000);

  afterAll(async () => {
    await bff.close();
  });

  beforeEach(async () => {
    await core.restoreGame('owner', 's1', 's1-g0');
    core.calls.length = 0;
  });

  const gameCalls = () => core.calls.filter((c) => /^(archive|restore)Game /.test(c));

  it('restores an archived game: archivedAt is null again and it is listed without includeArchived', async () => {
    const archived = await bff.gql('session-owner', ARCHIVE, { input });
    expect(archived.data.archiveGame).toEqual({ id: 's1-g0', archivedAt: '2025-01-01T00:00:00.000Z' });
    const hidden = await bff.gql('session-owner', GAMES, { s: 's1' });
    expect(hidden.data.studio.active).toEqual([{ id: 's1-g1' }]);
    expect(hidden.data.studio.all).toContainEqual({ id: 's1-g0', archivedAt: '2025-01-01T00:00:00.000Z' });

    const restored = await bff.gql('session-owner', RESTORE, { input });
    expect(restored.errors).toBeUndefined();
    expect(restored.data.restoreGame).toEqual({ id: 's1-g0', name: 'Game 0', archivedAt: null });
    const listed = await bff.gql('session-owner', GAMES, { s: 's1' });
    expect(listed.data.studio.active).toEqual([{ id: 's1-g0' }, { id: 's1-g1' }]);
    // One call to core per mutation.
    expect(gameCalls()).toEqual(['archiveGame s1-g0', 'restoreGame s1-g0']);
  });

  it('answers an active game as it is (restoring is idempotent)', async () => {
    const r = await bff.gql('session-owner', RESTORE, { input });
    expect(r.errors).toBeUndefined();
    expect(r.data.restoreGame.archivedAt).toBeNull();
  });

  it('answers FORBIDDEN with core’s reason when a member restores, and leaves the game archived', async () => {
    await core.archiveGame('owner', 's1', 's1-g0');
    const r = await bff.gql('session-member', RESTORE, { input });
    expect(r.data).toBeNull();
    expect(codes(r)).toEqual(['FORBIDDEN']);
    expect(r.errors![0].extensions).toMatchObject({ reason: 'FORBIDDEN_ROLE' });
    expect(core.games.get('s1')![0].archivedAt).not.toBeNull();
  });

  it("answers NOT_FOUND for another studio's game and for an id that does not exist", async () => {
    const other = await bff.gql('session-stranger', RESTORE, { input });
    const unknown = await bff.gql('session-owner', RESTORE, { input: { studioId: 's1', gameId: 'nope' } });
    expect(codes(other)).toEqual(['NOT_FOUND']);
    expect(other.errors![0].extensions).toMatchObject({ reason: 'STUDIO_NOT_FOUND' });
    expect(codes(unknown)).toEqual(['NOT_FOUND']);
    expect(unknown.errors![0].extensions).toMatchObject({ reason: 'GAME_NOT_FOUND' });
  });

  it('refuses an empty id as BAD_USER_INPUT before asking core', async () => {
    const r = await bff.gql('session-owner', RESTORE, { input: { studioId: 's1', gameId: '' } });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(gameCalls()).toEqual([]);
  });

  it('says core is unavailable when core is down', async () => {
    core.down = true;
    try {
      const r = await bff.gql('session-owner', RESTORE, { input });
      expect(codes(r)).toContain('UPSTREAM_UNAVAILABLE');
    } finally {
      core.down = false;
    }
  });
});
