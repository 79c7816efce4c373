// Tenant isolation through the API, and the data layer's guarantees under interleaving on a
// pool of two connections.
import { Database, TenantScopeError } from '../src/database/database';
import { tenantSchemaName } from '../src/database/tenancy';
import {
  createTestDatabase,
  expectStatus,
  seedStudio,
  signIn,
  startCore,
  type RunningCore,
  type TestDatabase,
} from './helpers';

type Seed = Awaited<ReturnType<typeof seedStudio>>;

describe('tenant isolation', () => {
  let db: TestDatabase;
  let core: RunningCore;
  let alice: string;
  let bob: string;
  let a: Seed;
  let b: Seed;

  beforeAll(async () => {
    db = await createTestDatabase();
    // A pool of two: concurrent requests of different studios must share two connections.
    core = await startCore(db.url, { env: { DATABASE_POOL_SIZE: '2' } });
    alice = await signIn(core.api, 'alice@a.example');
    bob = await signIn(core.api, 'bob@b.example');
    a = await seedStudio(core.api, alice, 'Alpha');
    b = await seedStudio(core.api, bob, 'Beta');
  });

  afterAll(async () => {
    await core?.close();
    await db?.drop();
  });

  const paths = (s: Seed) => {
    const studio = `/studios/${s.studio.id}`;
    const game = `${studio}/games/${s.game.id}`;
    const client = `${game}/clients/${s.client.id}`;
    return {
      studio,
      game,
      client,
      keys: `${client}/api-keys`,
      key: `${client}/api-keys/${s.key.apiKey.id}`,
      rule: `${game}/alert-rules/${s.rule.id}`,
    };
  };

  it('gives each member only their own studio in lists', async () => {
    const mine = await core.api.as(alice).get('/studios');
    expect(mine.body.items.map((s: { id: string }) => s.id)).toEqual([a.studio.id]);
    const games = await core.api.as(alice).get(`/studios/${a.studio.id}/games`);
    expect(games.body.items.map((g: { id: string }) => g.id)).toEqual([a.game.id]);
  });

  it("answers 404 STUDIO_NOT_FOUND for every read of another studio's objects by id", async () => {
    const pb = paths(b);
    for (const path of [
      pb.studio,
      `${pb.studio}/members`,
      `${pb.studio}/invitations`,
      `${pb.studio}/games`,
      pb.game,
      `${pb.game}/clients`,
      pb.client,
      pb.keys,
      `${pb.game}/alert-rules`,
      pb.rule,
      `${pb.studio}/alert-history`,
      `${pb.studio}/audit-log`,
    ]) {
      const r = await core.api.as(alice).get(path);
      expect({ path, status: r.status, code: r.body.code }).toEqual({
        path,
        status: 404,
        code: 'STUDIO_NOT_FOUND',
      });
    }
  });

  it("cannot reach another studio's objects through its own studio either (ids are per schema)", async () => {
    const pa = paths(a);
    const r1 = await core.api.as(alice).get(`${pa.studio}/games/${b.game.id}`);
    expectStatus(r1, 404, 'GAME_NOT_FOUND');
    const r2 = await core.api.as(alice).get(`${pa.game}/clients/${b.client.id}`);
    expectStatus(r2, 404, 'GAME_CLIENT_NOT_FOUND');
    const r3 = await core.api.as(alice).post(`${pa.client}/api-keys/${b.key.apiKey.id}/revoke`);
    expectStatus(r3, 404, 'API_KEY_NOT_FOUND');
    const r4 = await core.api.as(alice).get(`${pa.game}/alert-rules/${b.rule.id}`);
    expectStatus(r4, 404, 'ALERT_RULE_NOT_FOUND');
    const r5 = await core.api.as(alice).get(`${pa.studio}/alert-history?gameId=${b.game.id}`);
    expect(r5.body.items).toEqual([]);
  });

  it('refuses every write into another studio and leaves its data untouched', async () => {
    const pb = paths(b);
    const as = core.api.as(alice);
    const attempts = [
      await as.patch(pb.studio, { name: 'hijacked' }),
      await as.delete(`${pb.studio}?force=true`),
      await as.post(`${pb.studio}/members`, { email: 'alice@a.example', role: 'owner' }),
      await as.post(`${pb.studio}/games`, { name: 'intruder' }),
      await as.patch(pb.game, { name: 'hijacked' }),
      await as.post(`${pb.game}/archive`),
      await as.post(`${pb.game}/clients`, { name: 'intruder', platform: 'web' }),
      await as.patch(pb.client, { name: 'hijacked' }),
      await as.delete(pb.client),
      await as.post(pb.keys, { name: 'stolen' }),
      await as.post(`${pb.key}/revoke`),
      await as.post(`${pb.key}/rotate`),
      await as.post(`${pb.game}/alert-rules`, {
        name: 'x',
        kind: 'players_reached',
        threshold: 1,
        recipients: ['a@a.example'],
      }),
      await as.patch(pb.rule, { threshold: 1 }),
      await as.post(`${pb.rule}/disable`),
      await as.delete(pb.rule),
    ];
    for (const r of attempts) expectStatus(r, 404, 'STUDIO_NOT_FOUND');

    const game = await core.api.as(bob).get(pb.game);
    expect(game.body).toMatchObject({ name: 'Beta Game', archivedAt: null });
    const keys = await core.api.as(bob).get(pb.keys);
    expect(keys.body.items).toHaveLength(1);
    expect(keys.body.items[0].status).toBe('active');
    const rule = await core.api.as(bob).get(pb.rule);
    expect(rule.body).toMatchObject({ threshold: 100, enabled: true });
    const clients = await core.api.as(bob).get(`${pb.game}/clients`);
    expect(clients.body.items.map((c: { name: string }) => c.name)).toEqual(['Beta PC']);
    const validation = await core.api.post('/internal/api-keys/validate', { key: b.key.secret });
    expect(validation.body).toMatchObject({ status: 'active', studioId: b.studio.id });
  });

  it('keeps every request in its own schema when 200 requests of two studios interleave on 2 connections', async () => {
    const N = 100;
    const tasks: Promise<void>[] = [];
    const problems: string[] = [];
    for (let i = 0; i < N; i++) {
      for (const [user, seed, label] of [
        [alice, a, 'Alpha'],
        [bob, b, 'Beta'],
      ] as const) {
        tasks.push(
          (async () => {
            const as = core.api.as(user);
            switch (i % 4) {
              case 0: {
                const r = await as.post(`/studios/${seed.studio.id}/games`, { name: `${label} load ${i}` });
                if (r.status !== 201 || r.body.studioId !== seed.studio.id)
                  problems.push(`${label} create ${i}: ${r.status}`);
                break;
              }
              case 1: {
                const r = await as.get(`/studios/${seed.studio.id}/games`);
                const names: string[] = r.body.items.map((g: { name: string }) => g.name);
                if (r.status !== 200 || names.some((n) => !n.startsWith(label)))
                  problems.push(`${label} list ${i}: ${names.join(',')}`);
                break;
              }
              case 2: {
                const r = await as.get(`/studios/${seed.studio.id}/games/${seed.game.id}/alert-rules`);
                if (
                  r.status !== 200 ||
                  r.body.items.some((x: { name: string }) => !x.name.startsWith(label))
                ) {
                  problems.push(`${label} rules ${i}`);
                }
                break;
              }
              default: {
                const r = await core.api.post('/internal/api-keys/validate', { key: seed.key.secret });
                if (r.body.studioId !== seed.studio.id)
                  problems.push(`${label} validate ${i}: ${JSON.stringify(r.body)}`);
              }
            }
          })(),
        );
      }
    }
    await Promise.all(tasks);
    expect(problems).toEqual([]);

    // Under the API: each schema holds exactly its own studio's games.
    for (const [seed, label] of [
      [a, 'Alpha'],
      [b, 'Beta'],
    ] as const) {
      const rows = await db.query<{ name: string }>(
        `SELECT name FROM ${tenantSchemaName(seed.studio.id)}.games`,
      );
      expect(rows.every((r) => r.name.startsWith(label))).toBe(true);
      expect(rows).toHaveLength(1 + N / 4);
    }
  });

  it('binds the tenant per transaction: interleaved scopes on 2 connections always see their own schema', async () => {
    const database = core.app.get(Database);
    const studios = [a.studio.id, b.studio.id];
    const seen = await Promise.all(
      Array.from({ length: 60 }, (_, i) => {
        const studioId = studios[i % 2]!;
        return database.inTenant(studioId, async () => {
          const first = await database.tenantQuery<{ schema: string }>('SELECT current_schema() AS schema');
          // Yield inside the transaction so other scopes run on the other connection meanwhile.
          await database.tenantQuery('SELECT pg_sleep($1)', [(i % 5) / 1000]);
          const games = await database.tenantQuery<{ name: string }>(
            'SELECT name FROM games ORDER BY name LIMIT 1',
          );
          return {
            expected: tenantSchemaName(studioId),
            schema: first[0]!.schema,
            game: games[0]!.name,
            studioId,
          };
        });
      }),
    );
    for (const s of seen) {
      expect(s.schema).toBe(s.expected);
      expect(s.game.startsWith(s.studioId === a.studio.id ? 'Alpha' : 'Beta')).toBe(true);
    }
    // After every scope ended, a pooled connection carries no tenant.
    const after = await Promise.all(
      [1, 2].map(() =>
        database.transaction(() =>
          database.sharedQuery<{ path: string }>(
            "SELECT current_setting('search_path') AS path, pg_sleep(0.01)",
          ),
        ),
      ),
    );
    expect(after.map((r) => r[0]!.path)).toEqual(['pg_catalog', 'pg_catalog']);
  });

  it('refuses tenant-table access outside a tenant scope, in the code and in the database', async () => {
    const database = core.app.get(Database);
    await expect(database.tenantQuery('SELECT * FROM games')).rejects.toBeInstanceOf(TenantScopeError);
    // Even SQL that bypasses the guard finds no tenant table: no schema is on the path.
    await expect(database.sharedQuery('SELECT * FROM games')).rejects.toThrow(
      /relation "games" does not exist/,
    );
    // A scope cannot switch to another studio inside its transaction.
    await expect(
      database.inTenant(a.studio.id, () => database.inTenant(b.studio.id, async () => 1)),
    ).rejects.toBeInstanceOf(TenantScopeError);
  });

  it('names every studio schema from the studio id, one schema per registry row', async () => {
    const schemas = await db.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'studio\\_%' ORDER BY 1`,
    );
    const studios = await db.query<{ id: string }>('SELECT id FROM core.studios');
    expect(schemas.map((s) => s.nspname)).toEqual(studios.map((s) => tenantSchemaName(s.id)).sort());
  });
});
