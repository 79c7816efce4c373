// Role checks for every mutating route: members read, admins manage games, clients, keys and
// rules, owners manage members and the studio; non-members get 404. The route table is checked
// against the OpenAPI document, so a new mutating route without a role test fails here.
import type { Role } from '../src/common/domain';
import {
  createTestDatabase,
  expectStatus,
  seedStudio,
  signIn,
  startCore,
  type RunningCore,
  type TestDatabase,
} from './helpers';

interface Route {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As in the OpenAPI document. */
  template: string;
  min: Role;
  path: () => string;
  body?: () => unknown;
}

describe('roles', () => {
  let db: TestDatabase;
  let core: RunningCore;
  const users = { owner: '', admin: '', member: '', outsider: '', target: '' };
  const ids = {
    studio: '',
    game: '',
    game2: '',
    client: '',
    client2: '',
    key: '',
    key2: '',
    rule: '',
    invitation: '',
    signingSecret: '',
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    core = await startCore(db.url);
    users.owner = await signIn(core.api, 'owner@r.example');
    users.admin = await signIn(core.api, 'admin@r.example');
    users.member = await signIn(core.api, 'member@r.example');
    users.target = await signIn(core.api, 'target@r.example');
    users.outsider = await signIn(core.api, 'outsider@r.example');
    const seed = await seedStudio(core.api, users.owner, 'Roles');
    const as = core.api.as(users.owner);
    ids.studio = seed.studio.id;
    ids.game = seed.game.id;
    ids.client = seed.client.id;
    ids.key = seed.key.apiKey.id;
    ids.rule = seed.rule.id;
    for (const [email, role] of [
      ['admin@r.example', 'admin'],
      ['member@r.example', 'member'],
      ['target@r.example', 'member'],
    ]) {
      expectStatus(await as.post(`/studios/${ids.studio}/members`, { email, role }), 201);
    }
    ids.invitation = (
      await as.post(`/studios/${ids.studio}/members`, { email: 'later@r.example', role: 'member' })
    ).body.invitation.id;
    ids.game2 = (await as.post(`/studios/${ids.studio}/games`, { name: 'Second' })).body.id;
    ids.client2 = (
      await as.post(`/studios/${ids.studio}/games/${ids.game}/clients`, { name: 'Second', platform: 'other' })
    ).body.id;
    ids.key2 = (
      await as.post(`/studios/${ids.studio}/games/${ids.game}/clients/${ids.client}/api-keys`, {
        name: 'second',
      })
    ).body.apiKey.id;
    ids.signingSecret = (
      await as.post(`/studios/${ids.studio}/games/${ids.game}/clients/${ids.client}/signing/secrets`, {})
    ).body.signingSecret.id;
  });

  afterAll(async () => {
    await core?.close();
    await db?.drop();
  });

  const S = () => `/studios/${ids.studio}`;
  const G = () => `${S()}/games/${ids.game}`;
  const C = () => `${G()}/clients/${ids.client}`;
  const R = () => `${G()}/alert-rules/${ids.rule}`;
  const T = '/studios/{studioId}';
  const TG = `${T}/games/{gameId}`;
  const TC = `${TG}/clients/{clientId}`;
  const TR = `${TG}/alert-rules/{ruleId}`;

  // In the order the success pass can run them (destructive ones last).
  const routes: Route[] = [
    { method: 'PATCH', template: T, min: 'owner', path: S, body: () => ({ name: 'Renamed' }) },
    {
      method: 'POST',
      template: `${T}/members`,
      min: 'owner',
      path: () => `${S()}/members`,
      body: () => ({ email: 'new@r.example', role: 'member' }),
    },
    {
      method: 'PATCH',
      template: `${T}/members/{userId}`,
      min: 'owner',
      path: () => `${S()}/members/${users.target}`,
      body: () => ({ role: 'admin' }),
    },
    {
      method: 'DELETE',
      template: `${T}/members/{userId}`,
      min: 'owner',
      path: () => `${S()}/members/${users.target}`,
    },
    {
      method: 'DELETE',
      template: `${T}/invitations/{invitationId}`,
      min: 'owner',
      path: () => `${S()}/invitations/${ids.invitation}`,
    },
    {
      method: 'POST',
      template: `${T}/games`,
      min: 'admin',
      path: () => `${S()}/games`,
      body: () => ({ name: 'Third' }),
    },
    { method: 'PATCH', template: TG, min: 'admin', path: G, body: () => ({ name: 'Renamed game' }) },
    {
      method: 'POST',
      template: `${TG}/clients`,
      min: 'admin',
      path: () => `${G()}/clients`,
      body: () => ({ name: 'Switch', platform: 'unreal' }),
    },
    { method: 'PATCH', template: TC, min: 'admin', path: C, body: () => ({ name: 'Renamed client' }) },
    {
      method: 'POST',
      template: `${TC}/api-keys`,
      min: 'admin',
      path: () => `${C()}/api-keys`,
      body: () => ({ name: 'new key' }),
    },
    {
      method: 'POST',
      template: `${TC}/api-keys/{keyId}/rotate`,
      min: 'admin',
      path: () => `${C()}/api-keys/${ids.key}/rotate`,
      body: () => ({}),
    },
    {
      method: 'POST',
      template: `${TC}/api-keys/{keyId}/revoke`,
      min: 'admin',
      path: () => `${C()}/api-keys/${ids.key2}/revoke`,
    },
    {
      method: 'PUT',
      template: `${TC}/signing`,
      min: 'admin',
      path: () => `${C()}/signing`,
      body: () => ({ required: false }),
    },
    {
      method: 'POST',
      template: `${TC}/signing/secrets/{secretId}/revoke`,
      min: 'admin',
      path: () => `${C()}/signing/secrets/${ids.signingSecret}/revoke`,
    },
    {
      method: 'POST',
      template: `${TC}/signing/secrets`,
      min: 'admin',
      path: () => `${C()}/signing/secrets`,
      body: () => ({}),
    },
    {
      method: 'POST',
      template: `${TG}/alert-rules`,
      min: 'admin',
      path: () => `${G()}/alert-rules`,
      body: () => ({ name: 'New rule', kind: 'players_reached', threshold: 3, recipients: ['x@r.example'] }),
    },
    { method: 'PATCH', template: TR, min: 'admin', path: R, body: () => ({ threshold: 5 }) },
    { method: 'POST', template: `${TR}/disable`, min: 'admin', path: () => `${R()}/disable` },
    { method: 'POST', template: `${TR}/enable`, min: 'admin', path: () => `${R()}/enable` },
    { method: 'DELETE', template: TR, min: 'admin', path: R },
    { method: 'DELETE', template: TC, min: 'admin', path: () => `${G()}/clients/${ids.client2}` },
    {
      method: 'POST',
      template: `${TG}/archive`,
      min: 'admin',
      path: () => `${S()}/games/${ids.game2}/archive`,
    },
    {
      method: 'POST',
      template: `${TG}/restore`,
      min: 'admin',
      path: () => `${S()}/games/${ids.game2}/restore`,
    },
    { method: 'DELETE', template: T, min: 'owner', path: () => `${S()}?force=true` },
  ];

  const below: Record<Role, ('member' | 'admin')[]> = {
    member: [],
    admin: ['member'],
    owner: ['member', 'admin'],
  };

  it('covers every mutating studio route of the OpenAPI document', async () => {
    const doc = (await core.api.get('/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/studios/{studioId}'))
      .flatMap(([path, ops]) =>
        Object.keys(ops)
          .filter((m) => m !== 'get')
          .map((m) => `${m.toUpperCase()} ${path}`),
      )
      .sort();
    const tested = [...new Set(routes.map((r) => `${r.method} ${r.template}`))].sort();
    expect(tested).toEqual(documented);
  });

  it('refuses each mutating route to lesser roles (403 FORBIDDEN_ROLE) and to non-members (404), changing nothing', async () => {
    const membershipsBefore = (await db.query('SELECT count(*)::int AS n FROM core.memberships'))[0];
    const audit = async () =>
      (await core.api.as(users.owner).get(`${S()}/audit-log?limit=100`)).body.items.length;
    const entriesBefore = await audit();
    for (const route of routes) {
      for (const role of below[route.min]) {
        const r = await core.api.as(users[role]).request(route.method, route.path(), route.body?.());
        expect({
          route: `${route.method} ${route.template}`,
          role,
          status: r.status,
          code: r.body?.code,
        }).toEqual({
          route: `${route.method} ${route.template}`,
          role,
          status: 403,
          code: 'FORBIDDEN_ROLE',
        });
      }
      const r = await core.api.as(users.outsider).request(route.method, route.path(), route.body?.());
      expect({ route: `${route.method} ${route.template}`, status: r.status, code: r.body?.code }).toEqual({
        route: `${route.method} ${route.template}`,
        status: 404,
        code: 'STUDIO_NOT_FOUND',
      });
    }
    expect(await audit()).toBe(entriesBefore);
    expect((await db.query('SELECT count(*)::int AS n FROM core.memberships'))[0]).toEqual(membershipsBefore);
    expect((await core.api.as(users.member).get(G())).body.name).toBe('Roles Game');
  });

  it('lets a member leave on their own, but not remove others', async () => {
    const leaver = await signIn(core.api, 'leaver@r.example');
    await core.api.as(users.owner).post(`${S()}/members`, { email: 'leaver@r.example', role: 'member' });
    expectStatus(await core.api.as(leaver).delete(`${S()}/members/${users.member}`), 403, 'FORBIDDEN_ROLE');
    expect((await core.api.as(leaver).delete(`${S()}/members/${leaver}`)).status).toBe(204);
    expectStatus(await core.api.as(leaver).get(S()), 404, 'STUDIO_NOT_FOUND');
  });

  it('lets members read everything', async () => {
    for (const path of [
      S(),
      `${S()}/members`,
      `${S()}/invitations`,
      `${S()}/games`,
      G(),
      `${G()}/clients`,
      C(),
      `${C()}/api-keys`,
      `${C()}/signing`,
      `${G()}/alert-rules`,
      R(),
      `${S()}/alert-history`,
      `${S()}/audit-log`,
    ]) {
      expectStatus(await core.api.as(users.member).get(path), 200);
    }
  });

  it('lets the minimum role perform each mutating route', async () => {
    for (const route of routes) {
      const actor = route.min === 'owner' ? users.owner : users[route.min];
      const r = await core.api.as(actor).request(route.method, route.path(), route.body?.());
      expect({
        route: `${route.method} ${route.template}`,
        ok: r.status >= 200 && r.status < 300,
        body: r.status >= 300 ? r.body : null,
      }).toEqual({
        route: `${route.method} ${route.template}`,
        ok: true,
        body: null,
      });
    }
  });
});
