// Archiving and restoring a game through the GraphQL schema over the real core (own database):
// archiving revokes the game's keys and refuses new ones; restoring answers archivedAt null, lists
// the game again and takes new clients and keys, while the keys revoked by archiving stay revoked
// (in the key list and in the validation answer ingestion reads). Roles, other studios, idempotence.
import {
  type Browser,
  codes,
  createDatabase,
  createGame,
  createGameClient,
  type RunningBff,
  type ServiceProcess,
  startBff,
  startCore,
  studioWithPeople,
  type TestDatabase,
  validateApiKey,
} from './harness';

const ARCHIVE = `mutation($input: GameRefInput!) { archiveGame(input: $input) { id archivedAt } }`;
const RESTORE = `mutation($input: GameRefInput!) { restoreGame(input: $input) { id name archivedAt } }`;
const GAMES = `query($s: ID!) {
  studio(id: $s) { active: games { id } all: games(includeArchived: true) { id archivedAt } }
}`;
const KEYS = `query($s: ID!, $g: ID!) { game(studioId: $s, id: $g) { archivedAt clients { apiKeys { id status } } } }`;
const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id status } } }`;

describe('archiving and restoring games over GraphQL (real core)', () => {
  let db: TestDatabase;
  let core: ServiceProcess;
  let bff: RunningBff;
  let owner: Browser;
  let member: Browser;
  let outsider: Browser;
  let game: { studioId: string; gameId: string };
  let clientId: string;
  let oldKey: string;

  const validate = async (key: string) => (await validateApiKey(core.url, key)).status;

  beforeAll(async () => {
    db = await createDatabase('bff_games');
    core = await startCore(db);
    bff = await startBff({
      CORE_URL: core.url,
      METRICS_URL: 'http://127.0.0.1:9',
      DEV_LOGIN_ENABLED: 'true',
    });
    let studioId: string;
    ({ studioId, owner, member, outsider } = await studioWithPeople(bff.url, 'Archive'));
    game = { studioId, gameId: await createGame(owner, studioId, 'Old Prototype') };
    clientId = await createGameClient(owner, game, 'Web', 'WEB');
    oldKey = (await owner.graphql(CREATE_KEY, { input: { ...game, clientId, name: 'before' } })).data
      .createApiKey.secret;
    expect(await validate(oldKey)).toBe('active');
  });

  afterAll(async () => {
    await bff?.close();
    await core?.stop();
    await db?.drop();
  });

  it('archives: the key is revoked, new keys are refused, the game is listed only with includeArchived', async () => {
    const archived = await owner.graphql(ARCHIVE, { input: game });
    expect(archived.errors).toBeUndefined();
    expect(archived.data.archiveGame.archivedAt).toEqual(expect.any(String));
    expect(await validate(oldKey)).toBe('revoked');

    const refused = await owner.graphql(CREATE_KEY, { input: { ...game, clientId, name: 'while archived' } });
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors![0].extensions).toMatchObject({ reason: 'GAME_ARCHIVED' });

    const list = await member.graphql(GAMES, { s: game.studioId });
    expect(list.data.studio.active).toEqual([]);
    expect(list.data.studio.all).toEqual([{ id: game.gameId, archivedAt: expect.any(String) }]);
  });

  it('refuses a member (FORBIDDEN, core’s reason) and another studio (NOT_FOUND); the game stays archived', async () => {
    const byMember = await member.graphql(RESTORE, { input: game });
    expect(byMember.data).toBeNull();
    expect(codes(byMember)).toEqual(['FORBIDDEN']);
    expect(byMember.errors![0].extensions).toMatchObject({ reason: 'FORBIDDEN_ROLE' });
    const byOutsider = await outsider.graphql(RESTORE, { input: game });
    expect(codes(byOutsider)).toEqual(['NOT_FOUND']);
    expect(
      (await owner.graphql(KEYS, { s: game.studioId, g: game.gameId })).data.game.archivedAt,
    ).not.toBeNull();
  });

  it('restores: archivedAt null, listed again, idempotent; the old key stays revoked and a new one works', async () => {
    const restored = await owner.graphql(RESTORE, { input: game });
    expect(restored.errors).toBeUndefined();
    expect(restored.data.restoreGame).toEqual({ id: game.gameId, name: 'Old Prototype', archivedAt: null });
    const again = await owner.graphql(RESTORE, { input: game });
    expect(again.data.restoreGame.archivedAt).toBeNull();

    const list = await member.graphql(GAMES, { s: game.studioId });
    expect(list.data.studio.active).toEqual([{ id: game.gameId }]);

    // A restore never reopens ingestion to the builds that carried the old key.
    const keys = await owner.graphql(KEYS, { s: game.studioId, g: game.gameId });
    expect(keys.data.game.clients[0].apiKeys).toEqual([{ id: expect.any(String), status: 'REVOKED' }]);
    expect(await validate(oldKey)).toBe('revoked');

    const created = await owner.graphql(CREATE_KEY, { input: { ...game, clientId, name: 'after restore' } });
    expect(created.errors).toBeUndefined();
    expect(created.data.createApiKey.apiKey.status).toBe('ACTIVE');
    expect(await validate(created.data.createApiKey.secret)).toBe('active');
  });

  it('answers NOT_FOUND for a game id that does not exist', async () => {
    const r = await owner.graphql(RESTORE, {
      input: { studioId: game.studioId, gameId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(codes(r)).toEqual(['NOT_FOUND']);
  });
});
