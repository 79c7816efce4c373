// Request signing of a game client through the typed client against the real service and
// database: secrets shown once, the policy in the key validation answer, rotation with two live
// secrets, the guards on requiring and revoking, roles, and cleanup with the client.
import { unwrap, type CoreClient } from '@gt/core-client';
import {
  createTestDatabase,
  expectStatus,
  signIn,
  startCore,
  type RunningCore,
  type TestDatabase,
  typedGameClient,
} from './helpers';

describe('request signing', () => {
  let db: TestDatabase;
  let core: RunningCore;
  let client: CoreClient;
  let userId: string;
  let ids: { studioId: string; gameId: string; clientId: string };
  let apiKey: string;
  let base: string;

  const validate = (key: string) => unwrap(client.POST('/internal/api-keys/validate', { body: { key } }));
  const path = () => ({ params: { path: ids } });

  beforeAll(async () => {
    db = await createTestDatabase();
    core = await startCore(db.url, { env: { KEY_CACHE_SECONDS: '10', KEY_ROTATION_GRACE_HOURS: '24' } });
    ({ client, userId, ids } = await typedGameClient(core, 'signing@s.example', 'Signing', 'unity'));
    base = `/studios/${ids.studioId}/games/${ids.gameId}/clients/${ids.clientId}/signing`;
    apiKey = (
      await unwrap(
        client.POST('/studios/{studioId}/games/{gameId}/clients/{clientId}/api-keys', {
          ...path(),
          body: { name: 'build' },
        }),
      )
    ).secret;
  });

  afterAll(async () => {
    await core?.close();
    await db?.drop();
  });

  it('starts off: no secrets, not required, and the key answers an empty policy', async () => {
    const policy = await unwrap(
      client.GET('/studios/{studioId}/games/{gameId}/clients/{clientId}/signing', path()),
    );
    expect(policy).toEqual({ gameClientId: ids.clientId, required: false, secrets: [] });
    expect((await validate(apiKey)).signing).toEqual({ required: false, secrets: [] });
  });

  it('refuses to require signatures before a secret exists', async () => {
    expectStatus(
      await core.api.as(userId).request('PUT', base, { required: true }),
      409,
      'SIGNING_SECRET_REQUIRED',
    );
  });

  it('creates a secret shown once, hands it to key validation, then requires signatures', async () => {
    const created = await unwrap(
      client.POST('/studios/{studioId}/games/{gameId}/clients/{clientId}/signing/secrets', {
        ...path(),
        body: {},
      }),
    );
    expect(created.secret).toMatch(/^gts_[A-Za-z0-9_-]{43}$/);
    expect(created.previous).toBeNull();
    expect(created.signingSecret).toMatchObject({
      status: 'active',
      displayPrefix: created.secret.slice(0, 12),
      expiresAt: null,
    });
    const listed = await unwrap(
      client.GET('/studios/{studioId}/games/{gameId}/clients/{clientId}/signing', path()),
    );
    expect(JSON.stringify(listed)).not.toContain(created.secret.slice(12));
    expect((await validate(apiKey)).signing).toEqual({ required: false, secrets: [created.secret] });

    const required = await unwrap(
      client.PUT('/studios/{studioId}/games/{gameId}/clients/{clientId}/signing', {
        ...path(),
        body: { required: true },
      }),
    );
    expect(required.required).toBe(true);
    expect((await validate(apiKey)).signing).toEqual({ required: true, secrets: [created.secret] });
    const gc = await unwrap(client.GET('/studios/{studioId}/games/{gameId}/clients/{clientId}', path()));
    expect(gc.signingRequired).toBe(true);
  });

  it('rotates: two live secrets through the grace period, the oldest ends at the next rotation', async () => {
    const first = (await validate(apiKey)).signing!.secrets[0]!;
    const second = await unwrap(
      client.POST('/studios/{studioId}/games/{gameId}/clients/{clientId}/signing/secrets', {
        ...path(),
        body: { graceHours: 2 },
      }),
    );
    expect(second.previous?.status).toBe('active');
    const graceEnd = Date.parse(second.previous!.expiresAt!);
    expect(graceEnd - Date.now()).toBeGreaterThan(2 * 3600_000 - 60_000);
    expect(graceEnd - Date.now()).toBeLessThanOrEqual(2 * 3600_000 + 1000);
    const answer = await validate(apiKey);
    expect(answer.signing).toEqual({ required: true, secrets: [second.secret, first] });
    expect(answer.cacheTtlSeconds).toBe(10);

    const third = await unwrap(
      client.POST('/studios/{studioId}/games/{gameId}/clients/{clientId}/signing/secrets', {
        ...path(),
        body: { graceHours: 0 },
      }),
    );
    // The second ends now (grace 0), the first was ended by this rotation: only the third lives.
    expect((await validate(apiKey)).signing).toEqual({ required: true, secrets: [third.secret] });
    const policy = await unwrap(
      client.GET('/studios/{studioId}/games/{gameId}/clients/{clientId}/signing', path()),
    );
    expect(policy.secrets.map((s) => s.status)).toEqual(['active', 'expired', 'expired']);
  });

  it('keeps the last live secret of a client that requires signatures, and revokes otherwise', async () => {
    const policy = await unwrap(
      client.GET('/studios/{studioId}/games/{gameId}/clients/{clientId}/signing', path()),
    );
    const live = policy.secrets[0]!;
    const revoke = (secretId: string) => core.api.as(userId).post(`${base}/secrets/${secretId}/revoke`);
    expectStatus(await revoke(live.id), 409, 'SIGNING_LAST_SECRET');
    expectStatus(await revoke('00000000-0000-4000-8000-000000000000'), 404, 'SIGNING_SECRET_NOT_FOUND');

    await unwrap(
      client.PUT('/studios/{studioId}/games/{gameId}/clients/{clientId}/signing', {
        ...path(),
        body: { required: false },
      }),
    );
    const revoked = await revoke(live.id);
    expectStatus(revoked, 200);
    expect(revoked.body.status).toBe('revoked');
    expectStatus(await revoke(live.id), 200); // idempotent
    expect((await validate(apiKey)).signing).toEqual({ required: false, secrets: [] });
  });

  it('lets members read the policy but only admins change it', async () => {
    const member = await signIn(core.api, 'member@s.example');
    const invite = await core.api
      .as(userId)
      .post(`/studios/${ids.studioId}/members`, { email: 'member@s.example', role: 'member' });
    expect([200, 201]).toContain(invite.status);
    expectStatus(await core.api.as(member).get(base), 200);
    expectStatus(await core.api.as(member).post(`${base}/secrets`, {}), 403, 'FORBIDDEN_ROLE');
    expectStatus(await core.api.as(member).request('PUT', base, { required: false }), 403, 'FORBIDDEN_ROLE');
  });

  it('removes the policy with the client', async () => {
    const gc = await unwrap(
      client.POST('/studios/{studioId}/games/{gameId}/clients', {
        params: { path: { studioId: ids.studioId, gameId: ids.gameId } },
        body: { name: 'Temp', platform: 'unreal' },
      }),
    );
    const p = { params: { path: { ...ids, clientId: gc.id } } };
    await unwrap(
      client.POST('/studios/{studioId}/games/{gameId}/clients/{clientId}/signing/secrets', {
        ...p,
        body: {},
      }),
    );
    const count = async () =>
      (
        await db.query<{ n: string }>(
          'SELECT count(*) AS n FROM core.client_signing_index WHERE game_client_id = $1',
          [gc.id],
        )
      )[0]!.n;
    expect(await count()).toBe('1');
    await unwrap(client.DELETE('/studios/{studioId}/games/{gameId}/clients/{clientId}', p));
    expect(await count()).toBe('0');
  });
});
