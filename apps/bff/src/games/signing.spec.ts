// Request signing through the GraphQL endpoint (resolvers, service, validation and error mapping)
// with core replaced by the in-memory FakeCore (test/fakes.ts), which applies core's rules:
// members read, admins change, 409 SIGNING_SECRET_REQUIRED / SIGNING_LAST_SECRET. The same
// against the real core is test/signing.int-spec.ts.
import { FakeCore, ownerMemberStranger } from '../../test/fakes';
import { codes, type FakeBff, startFakeBff } from '../../test/unit-bff';
import type { AuthService } from '../auth/auth.service';
import { AuthMethod, SigningSecretStatus } from '../graphql/enums';
import { RequestScope } from '../graphql/request-scope';
import { GamesService } from './games.service';

const ids = { studioId: 's1', gameId: 's1-g0', clientId: 's1-g0-c' };

const SIGNING = `query ($s: ID!, $g: ID!) {
  game(studioId: $s, id: $g) {
    clients {
      id signingRequired
      signing { gameClientId required secrets { id displayPrefix status expiresAt revokedAt } }
      again: signing { required }
    }
  }
}`;
const CREATE = `mutation ($input: CreateSigningSecretInput!) {
  createSigningSecret(input: $input) { secret signingSecret { id displayPrefix status } previous { id status expiresAt } }
}`;
const REQUIRE = `mutation ($input: SetSigningRequiredInput!) {
  setSigningRequired(input: $input) { gameClientId required secrets { id status } }
}`;
const REVOKE = `mutation ($input: SigningSecretRefInput!) {
  revokeSigningSecret(input: $input) { id status revokedAt }
}`;

describe('request signing over GraphQL (fake core)', () => {
  let bff: FakeBff;
  let core: FakeCore;

  beforeAll(async () => {
    core = ownerMemberStranger();
    bff = await startFakeBff(core);
  }, 60_000);

  afterAll(async () => {
    await bff.close();
  });

  beforeEach(() => {
    core.calls.length = 0;
    core.signingState.clear();
  });

  const gql = (session: string, query: string, variables?: Record<string, unknown>) =>
    bff.gql(session, query, variables);
  const signingCalls = () => core.calls.filter((c) => /signing/i.test(c));

  it('shows members the policy and secrets of a client, with one core call however often it is asked', async () => {
    await gql('session-owner', CREATE, { input: ids });
    core.calls.length = 0;
    const r = await gql('session-member', SIGNING, { s: 's1', g: 's1-g0' });
    expect(r.errors).toBeUndefined();
    expect(r.data.game.clients).toEqual([
      {
        id: 's1-g0-c',
        signingRequired: false,
        signing: {
          gameClientId: 's1-g0-c',
          required: false,
          secrets: [
            {
              id: 's1-g0-c-s1',
              displayPrefix: 'gts_secret1',
              status: 'ACTIVE',
              expiresAt: null,
              revokedAt: null,
            },
          ],
        },
        again: { required: false },
      },
    ]);
    // `signing` and its alias: one GET /signing.
    expect(signingCalls()).toEqual(['getSigning s1-g0-c']);
    // Metadata only: no query can return a secret.
    expect(JSON.stringify(r.data)).not.toMatch(/_value/);
  });

  it('creates a secret shown once, and rotates: the previous one keeps verifying for the grace period', async () => {
    const first = await gql('session-owner', CREATE, { input: ids });
    expect(first.errors).toBeUndefined();
    expect(first.data.createSigningSecret).toEqual({
      secret: 'gts_secret1_value',
      signingSecret: { id: 's1-g0-c-s1', displayPrefix: 'gts_secret1', status: 'ACTIVE' },
      previous: null,
    });

    const second = await gql('session-owner', CREATE, { input: { ...ids, graceHours: 2 } });
    expect(second.data.createSigningSecret.previous).toEqual({
      id: 's1-g0-c-s1',
      status: 'ACTIVE',
      // The fake's clock is 2025-01-01T00:00Z: two hours of grace.
      expiresAt: '2025-01-01T02:00:00.000Z',
    });
    // One call to core each (what reached core is checked in the GamesService tests below).
    expect(signingCalls()).toEqual(['createSigningSecret s1-g0-c', 'createSigningSecret s1-g0-c']);
  });

  it('requires signing once a live secret exists, and says why not before (SIGNING_SECRET_REQUIRED)', async () => {
    const refused = await gql('session-owner', REQUIRE, { input: { ...ids, required: true } });
    expect(refused.data).toBeNull();
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors![0].extensions).toMatchObject({ reason: 'SIGNING_SECRET_REQUIRED' });
    expect(refused.errors![0].message).toMatch(/Create a signing secret/);

    await gql('session-owner', CREATE, { input: ids });
    const ok = await gql('session-owner', REQUIRE, { input: { ...ids, required: true } });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.setSigningRequired).toEqual({
      gameClientId: 's1-g0-c',
      required: true,
      secrets: [{ id: 's1-g0-c-s1', status: 'ACTIVE' }],
    });
  });

  it('refuses to revoke the last live secret of a client that requires signing (SIGNING_LAST_SECRET), and revokes otherwise', async () => {
    await gql('session-owner', CREATE, { input: ids });
    await gql('session-owner', REQUIRE, { input: { ...ids, required: true } });
    const last = await gql('session-owner', REVOKE, { input: { ...ids, secretId: 's1-g0-c-s1' } });
    expect(codes(last)).toEqual(['BAD_USER_INPUT']);
    expect(last.errors![0].extensions).toMatchObject({ reason: 'SIGNING_LAST_SECRET' });

    await gql('session-owner', REQUIRE, { input: { ...ids, required: false } });
    const revoked = await gql('session-owner', REVOKE, { input: { ...ids, secretId: 's1-g0-c-s1' } });
    expect(revoked.data.revokeSigningSecret).toEqual({
      id: 's1-g0-c-s1',
      status: 'REVOKED',
      revokedAt: '2025-01-01T00:00:00.000Z',
    });
  });

  it('answers FORBIDDEN (core decides) when a member creates, requires or revokes, and changes nothing', async () => {
    await gql('session-owner', CREATE, { input: ids });
    const replies = [
      await gql('session-member', CREATE, { input: ids }),
      await gql('session-member', REQUIRE, { input: { ...ids, required: true } }),
      await gql('session-member', REVOKE, { input: { ...ids, secretId: 's1-g0-c-s1' } }),
    ];
    for (const r of replies) {
      expect(r.data).toBeNull();
      expect(codes(r)).toEqual(['FORBIDDEN']);
      expect(r.errors![0].extensions).toMatchObject({ reason: 'FORBIDDEN_ROLE' });
    }
    expect(core.signingState.get('s1-g0-c')).toMatchObject({
      required: false,
      secrets: [{ status: SigningSecretStatus.ACTIVE, revokedAt: null }],
    });
  });

  it("answers NOT_FOUND for another studio's client, for reads and writes alike", async () => {
    const read = await gql('session-stranger', SIGNING, { s: 's1', g: 's1-g0' });
    const create = await gql('session-stranger', CREATE, { input: ids });
    const secret = await gql('session-owner', REVOKE, { input: { ...ids, secretId: 'no-such-secret' } });
    for (const r of [read, create]) {
      expect(codes(r)).toEqual(['NOT_FOUND']);
      expect(r.errors![0].extensions).toMatchObject({ reason: 'STUDIO_NOT_FOUND' });
    }
    expect(codes(secret)).toEqual(['NOT_FOUND']);
    expect(secret.errors![0].extensions).toMatchObject({ reason: 'SIGNING_SECRET_NOT_FOUND' });
  });

  it('refuses a grace period outside 0-720 hours as BAD_USER_INPUT with the field, before asking core', async () => {
    const r = await gql('session-owner', CREATE, { input: { ...ids, graceHours: 721 } });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0].extensions!.fieldErrors).toEqual([
      expect.objectContaining({ field: 'graceHours', code: 'max' }),
    ]);
    expect(signingCalls()).toEqual([]);
  });

  it('says core is unavailable, never that signing is off, when core is down', async () => {
    core.down = true;
    try {
      const r = await gql('session-owner', SIGNING, { s: 's1', g: 's1-g0' });
      expect(codes(r)).toContain('UPSTREAM_UNAVAILABLE');
      expect(r.data).toBeNull();
    } finally {
      core.down = false;
    }
  });
});

describe('GamesService request signing (fake core, no HTTP)', () => {
  const core = new FakeCore();
  core.addUser('owner', 'ada@example.com');
  core.addStudio('s1', 'owner', 1);
  const service = new GamesService(core);
  const auth = {
    resolve: async () => ({ user: core.users.get('owner')!, method: AuthMethod.SESSION, credentialId: 's' }),
  } as unknown as AuthService;
  const scope = () => new RequestScope({ kind: 'session', token: 't' }, { ip: '127.0.0.1' }, auth);
  const client = { studioId: 's1', gameId: 's1-g0', id: 's1-g0-c' };

  it('reads the policy once per request, and afresh after a write in the same request', async () => {
    const s = scope();
    core.calls.length = 0;
    const [a, b] = await Promise.all([service.signing(s, client), service.signing(s, client)]);
    expect(a).toEqual(b);
    expect(a.secrets).toEqual([]);
    await service.createSigningSecret(s, ids);
    await service.setSigningRequired(s, { ...ids, required: true });
    const after = await service.signing(s, client);
    expect(after).toMatchObject({ required: true, secrets: [{ status: SigningSecretStatus.ACTIVE }] });
    expect(core.calls).toEqual([
      'getSigning s1-g0-c',
      'createSigningSecret s1-g0-c',
      'setSigningRequired s1-g0-c',
      'getSigning s1-g0-c',
    ]);
  });

  it('passes the grace period and the secret id through to core unchanged', async () => {
    const s = scope();
    const create = jest.spyOn(core, 'createSigningSecret');
    const revoke = jest.spyOn(core, 'revokeSigningSecret');
    await service.createSigningSecret(s, { ...ids, graceHours: 0 });
    await service.createSigningSecret(s, ids);
    const [second] = core.signingState.get('s1-g0-c')!.secrets;
    await service.revokeSigningSecret(s, { ...ids, secretId: second.id });
    expect(create.mock.calls.map((c) => c.slice(1))).toEqual([
      [{ studioId: 's1', gameId: 's1-g0', clientId: 's1-g0-c' }, 0],
      [{ studioId: 's1', gameId: 's1-g0', clientId: 's1-g0-c' }, undefined],
    ]);
    expect(revoke.mock.calls[0]).toEqual(['owner', { ...ids, secretId: second.id }]);
  });
});
