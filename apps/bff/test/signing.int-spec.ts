// Request signing of a game client through the GraphQL schema over the real core (own
// database): the policy and secrets as members see them, a secret shown once, rotation with two
// live secrets, core's 409s as BAD_USER_INPUT with their reason, roles, tenant isolation, the
// calls made to core, and the policy reaching the key validation answer ingestion reads.
import {
  type Browser,
  codes,
  CountingProxy,
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

const SIGNING = `query($s: ID!, $g: ID!) {
  game(studioId: $s, id: $g) {
    clients {
      id name signingRequired
      signing { gameClientId required secrets { id displayPrefix status createdBy createdAt expiresAt revokedAt } }
    }
  }
}`;
const CREATE = `mutation($input: CreateSigningSecretInput!) {
  createSigningSecret(input: $input) {
    secret
    signingSecret { id gameClientId displayPrefix status expiresAt }
    previous { id status expiresAt }
  }
}`;
const REQUIRE = `mutation($input: SetSigningRequiredInput!) {
  setSigningRequired(input: $input) { gameClientId required secrets { id status } }
}`;
const REVOKE = `mutation($input: SigningSecretRefInput!) {
  revokeSigningSecret(input: $input) { id status revokedAt }
}`;

describe('request signing over GraphQL (real core)', () => {
  let db: TestDatabase;
  let core: ServiceProcess;
  let coreProxy: CountingProxy;
  let bff: RunningBff;
  let owner: Browser;
  let member: Browser;
  let outsider: Browser;
  let ids: { studioId: string; gameId: string; clientId: string };
  let otherClientId: string;
  let apiKey: string;
  const secrets: { id: string; secret: string }[] = [];

  const validateKey = () => validateApiKey(core.url, apiKey);

  beforeAll(async () => {
    db = await createDatabase('bff_signing');
    core = await startCore(db);
    coreProxy = new CountingProxy(core.url);
    await coreProxy.start();
    bff = await startBff({
      CORE_URL: coreProxy.url,
      METRICS_URL: 'http://127.0.0.1:9',
      DEV_LOGIN_ENABLED: 'true',
    });
    let studioId: string;
    ({ studioId, owner, member, outsider } = await studioWithPeople(bff.url, 'Signing'));
    const gameId = await createGame(owner, studioId, 'Signed');
    ids = { studioId, gameId, clientId: await createGameClient(owner, { studioId, gameId }, 'Windows') };
    otherClientId = await createGameClient(owner, { studioId, gameId }, 'Android');
    apiKey = (
      await owner.graphql('mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }', {
        input: { ...ids, name: 'build' },
      })
    ).data.createApiKey.secret;
  });

  afterAll(async () => {
    await bff?.close();
    await coreProxy?.stop();
    await core?.stop();
    await db?.drop();
  });

  it('starts with signing optional and no secret; requiring it then is refused with SIGNING_SECRET_REQUIRED', async () => {
    const read = await member.graphql(SIGNING, { s: ids.studioId, g: ids.gameId });
    expect(read.errors).toBeUndefined();
    const windows = read.data.game.clients.find((c: { id: string }) => c.id === ids.clientId);
    expect(windows).toMatchObject({
      signingRequired: false,
      signing: { gameClientId: ids.clientId, required: false, secrets: [] },
    });

    const refused = await owner.graphql(REQUIRE, { input: { ...ids, required: true } });
    expect(refused.data).toBeNull();
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors![0].extensions).toMatchObject({ reason: 'SIGNING_SECRET_REQUIRED' });
    expect(refused.errors![0].message).toMatch(/Create a signing secret/);
  });

  it('creates a secret shown once; lists only its prefix and metadata afterwards', async () => {
    const created = await owner.graphql(CREATE, { input: ids });
    expect(created.errors).toBeUndefined();
    const { secret, signingSecret, previous } = created.data.createSigningSecret;
    expect(secret).toMatch(/^gts_[A-Za-z0-9_-]{43}$/);
    expect(signingSecret).toEqual({
      id: expect.any(String),
      gameClientId: ids.clientId,
      displayPrefix: secret.slice(0, 12),
      status: 'ACTIVE',
      expiresAt: null,
    });
    expect(previous).toBeNull();
    secrets.push({ id: signingSecret.id, secret });

    const read = await member.graphql(SIGNING, { s: ids.studioId, g: ids.gameId });
    expect(JSON.stringify(read.data)).not.toContain(secret);
    const windows = read.data.game.clients.find((c: { id: string }) => c.id === ids.clientId);
    expect(windows.signing.secrets).toEqual([
      expect.objectContaining({ id: signingSecret.id, displayPrefix: secret.slice(0, 12), status: 'ACTIVE' }),
    ]);
  });

  it('rotates: the previous secret keeps verifying for the grace period, and at most two are live', async () => {
    const before = Date.now();
    const second = (await owner.graphql(CREATE, { input: { ...ids, graceHours: 2 } })).data
      .createSigningSecret;
    expect(second.previous).toMatchObject({ id: secrets[0].id, status: 'ACTIVE' });
    const ends = Date.parse(second.previous.expiresAt) - before;
    expect(ends).toBeGreaterThan(2 * 3_600_000 - 60_000);
    expect(ends).toBeLessThan(2 * 3_600_000 + 60_000);
    secrets.push({ id: second.signingSecret.id, secret: second.secret });

    const third = (await owner.graphql(CREATE, { input: ids })).data.createSigningSecret;
    secrets.push({ id: third.signingSecret.id, secret: third.secret });
    expect(third.previous.id).toBe(secrets[1].id);

    const read = await owner.graphql(SIGNING, { s: ids.studioId, g: ids.gameId });
    const windows = read.data.game.clients.find((c: { id: string }) => c.id === ids.clientId);
    // Newest first; the oldest ended when the third arrived.
    expect(windows.signing.secrets.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual([
      [secrets[2].id, 'ACTIVE'],
      [secrets[1].id, 'ACTIVE'],
      [secrets[0].id, 'EXPIRED'],
    ]);
  });

  it('requires signing, which the client list and the key validation answer (what ingestion reads) show', async () => {
    const required = await owner.graphql(REQUIRE, { input: { ...ids, required: true } });
    expect(required.errors).toBeUndefined();
    expect(required.data.setSigningRequired).toMatchObject({ gameClientId: ids.clientId, required: true });

    const read = await member.graphql(SIGNING, { s: ids.studioId, g: ids.gameId });
    const byId = new Map(read.data.game.clients.map((c: { id: string }) => [c.id, c]));
    expect(byId.get(ids.clientId)).toMatchObject({ signingRequired: true, signing: { required: true } });
    // The other client of the game is untouched.
    expect(byId.get(otherClientId)).toMatchObject({ signingRequired: false, signing: { required: false } });

    const validation = await validateKey();
    expect(validation.signing).toEqual({ required: true, secrets: [secrets[2].secret, secrets[1].secret] });
  });

  it('revokes a secret, but not the last live one while signing is required (SIGNING_LAST_SECRET)', async () => {
    const revoked = await owner.graphql(REVOKE, { input: { ...ids, secretId: secrets[1].id } });
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data.revokeSigningSecret).toMatchObject({ id: secrets[1].id, status: 'REVOKED' });
    expect(revoked.data.revokeSigningSecret.revokedAt).toEqual(expect.any(String));

    const last = await owner.graphql(REVOKE, { input: { ...ids, secretId: secrets[2].id } });
    expect(last.data).toBeNull();
    expect(codes(last)).toEqual(['BAD_USER_INPUT']);
    expect(last.errors![0].extensions).toMatchObject({ reason: 'SIGNING_LAST_SECRET' });
    expect((await validateKey()).signing).toEqual({ required: true, secrets: [secrets[2].secret] });
  });

  it('lets members read but not change anything: FORBIDDEN with core’s reason', async () => {
    const attempts = [
      await member.graphql(CREATE, { input: ids }),
      await member.graphql(REQUIRE, { input: { ...ids, required: false } }),
      await member.graphql(REVOKE, { input: { ...ids, secretId: secrets[2].id } }),
    ];
    for (const reply of attempts) {
      expect(codes(reply)).toEqual(['FORBIDDEN']);
      expect(reply.errors![0].extensions).toMatchObject({ reason: 'FORBIDDEN_ROLE' });
      expect(reply.data).toBeNull();
    }
    expect((await validateKey()).signing).toEqual({ required: true, secrets: [secrets[2].secret] });
  });

  it("answers NOT_FOUND to another studio's member, for reads and every change", async () => {
    const attempts = [
      await outsider.graphql(SIGNING, { s: ids.studioId, g: ids.gameId }),
      await outsider.graphql(CREATE, { input: ids }),
      await outsider.graphql(REQUIRE, { input: { ...ids, required: false } }),
      await outsider.graphql(REVOKE, { input: { ...ids, secretId: secrets[2].id } }),
    ];
    for (const reply of attempts) {
      expect(codes(reply)).toEqual(['NOT_FOUND']);
      expect(reply.data).toBeNull();
    }
    expect((await validateKey()).signing).toEqual({ required: true, secrets: [secrets[2].secret] });
  });

  it('asks core once per client for the signing policy, however often the query names it', async () => {
    coreProxy.reset();
    const reply = await owner.graphql(
      `query($s: ID!, $g: ID!) { game(studioId: $s, id: $g) {
        clients { signing { required } again: signing { secrets { id } } }
      } }`,
      { s: ids.studioId, g: ids.gameId },
    );
    expect(reply.errors).toBeUndefined();
    expect(coreProxy.count(/^GET \/studios\/[^/]+\/games\/[^/]+\/clients\/[^/]+\/signing$/)).toBe(2);
    expect(new Set(coreProxy.calls).size).toBe(coreProxy.calls.length);
  });

  it('stops requiring signing, after which the last secret may go', async () => {
    const optional = await owner.graphql(REQUIRE, { input: { ...ids, required: false } });
    expect(optional.data.setSigningRequired.required).toBe(false);
    const revoked = await owner.graphql(REVOKE, { input: { ...ids, secretId: secrets[2].id } });
    expect(revoked.data.revokeSigningSecret.status).toBe('REVOKED');
    expect((await validateKey()).signing).toEqual({ required: false, secrets: [] });
  });
});
