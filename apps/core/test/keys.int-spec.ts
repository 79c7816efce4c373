// API key lifecycle through the typed client (@gt/core-client) against the real service:
// create, validate, revoke, rotate with a grace period, checksum refusal, and a search of the
// whole database for any plaintext secret.
import { CoreClientError, unwrap, type CoreClient } from '@gt/core-client';
import { generateApiKey, hashApiKey } from '@gt/api-keys';
import { KeyUsageTracker } from '../src/services/key-usage.tracker';
import {
  createTestDatabase,
  expectStatus,
  signIn,
  startCore,
  type RunningCore,
  type TestDatabase,
  typedGameClient,
} from './helpers';

describe('API keys', () => {
  let db: TestDatabase;
  let core: RunningCore;
  let client: CoreClient;
  let ids: { studioId: string; gameId: string; clientId: string };
  let userId: string;
  const secrets: string[] = [];

  const validate = (key: string) => unwrap(client.POST('/internal/api-keys/validate', { body: { key } }));
  const keyPath = { params: { path: {} as { studioId: string; gameId: string; clientId: string } } };

  beforeAll(async () => {
    db = await createTestDatabase();
    core = await startCore(db.url, { env: { KEY_CACHE_SECONDS: '10', KEY_ROTATION_GRACE_HOURS: '24' } });
    ({ client, userId, ids } = await typedGameClient(core, 'keys@k.example', 'Keys', 'web'));
    keyPath.params.path = ids;
  });

  afterAll(async () => {
    await core?.close();
    await db?.drop();
  });

  const createKey = async (name: string, expiresAt?: string) => {
    const created = await unwrap(
      client.POST('/studios/{studioId}/games/{gameId}/clients/{clientId}/api-keys', {
        ...keyPath,
        body: { name, expiresAt },
      }),
    );
    secrets.push(created.secret);
    return created;
  };

  it('creates a key whose secret is shown once and validates to its studio, game and client', async () => {
    const created = await createKey('Production');
    expect(created.secret).toMatch(/^gtk_live_[0-9A-Za-z]{32}_[0-9A-Za-z]{6}$/);
    expect(created.apiKey).toMatchObject({
      name: 'Production',
      status: 'active',
      displayPrefix: created.secret.slice(0, 12),
    });

    const listed = await unwrap(
      client.GET('/studios/{studioId}/games/{gameId}/clients/{clientId}/api-keys', keyPath),
    );
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect(JSON.stringify(listed)).not.toContain(created.secret.slice(12));

    expect(await validate(created.secret)).toEqual({
      status: 'active',
      keyId: created.apiKey.id,
      studioId: ids.studioId,
      gameId: ids.gameId,
      gameClientId: ids.clientId,
      platform: 'web',
      signing: { required: false, secrets: [] },
      cacheTtlSeconds: 10,
    });
  });

  it('refuses a revoked key, and revoking again changes nothing', async () => {
    const created = await createKey('Leaked');
    const path = { params: { path: { ...ids, keyId: created.apiKey.id } } };
    const revoked = await unwrap(
      client.POST('/studios/{studioId}/games/{gameId}/clients/{clientId}/api-keys/{keyId}/revoke', path),
    );
    expect(revoked).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });
    expect(await validate(created.secret)).toEqual({
      status: 'revoked',
      keyId: created.apiKey.id,
      cacheTtlSeconds: 10,
    });
    const again = await unwrap(
      client.POST('/studios/{studioId}/games/{gameId}/clients/{clientId}/api-keys/{keyId}/revoke', path),
    );
    expect(again.revokedAt).toBe(revoked.revokedAt);
    const rotate = await client
      .POST('/studios/{studioId}/games/{gameId}/clients/{clientId}/api-keys/{keyId}/rotate', {
        ...path,
        body: {},
      })
      .catch((e: unknown) => e);
    expect(rotate).toMatchObject({ name: 'CoreClientError', status: 409, code: 'KEY_REVOKED' });
  });

  it('rotates: the new key works, the old one works through the grace period, then expires', async () => {
    const old = await createKey('Rotating');
    const path = { params: { path: { ...ids, keyId: old.apiKey.id } } };
    const rotated = await unwrap(
      client.POST('/studios/{studioId}/games/{gameId}/clients/{clientId}/api-keys/{keyId}/rotate', {
        ...path,
        body: {},
      }),
    );
    secrets.push(rotated.secret);
    expect(rotated.secret).not.toBe(old.secret);
    expect(rotated.apiKey).toMatchObject({
      status: 'active',
      name: 'Rotating',
      rotatedFromId: old.apiKey.id,
    });
    expect(rotated.previous).toMatchObject({
      id: old.apiKey.id,
      status: 'active',
      replacedById: rotated.apiKey.id,
    });
    // Default grace: KEY_ROTATION_GRACE_HOURS = 24.
    const graceMs = new Date(rotated.previous.expiresAt!).getTime() - Date.now();
    expect(graceMs).toBeGreaterThan(23.9 * 3600_000);
    expect(graceMs).toBeLessThanOrEqual(24 * 3600_000);
    expect((await validate(old.secret)).status).toBe('active');
    expect((await validate(rotated.secret)).status).toBe('active');

    const twice = await client
      .POST('/studios/{studioId}/games/{gameId}/clients/{clientId}/api-keys/{keyId}/rotate', {
        ...path,
        body: {},
      })
      .catch((e: unknown) => e);
    expect(twice).toMatchObject({ status: 409, code: 'KEY_ALREADY_ROTATED' });

    // A zero grace ends the old key at once.
    const next = await unwrap(
      client.POST('/studios/{studioId}/games/{gameId}/clients/{clientId}/api-keys/{keyId}/rotate', {
        params: { path: { ...ids, keyId: rotated.apiKey.id } },
        body: { graceHours: 0 },
      }),
    );
    secrets.push(next.secret);
    expect(await validate(rotated.secret)).toMatchObject({ status: 'expired', keyId: rotated.apiKey.id });
    expect((await validate(next.secret)).status).toBe('active');
  });

  it('limits the cache time of a key in its grace period to the time it has left', async () => {
    const old = await createKey('Short grace');
    await unwrap(
      client
        .POST('/studios/{studioId}/games/{gameId}/clients/{clientId}/api-keys/{keyId}/rotate', {
          params: { path: { ...ids, keyId: old.apiKey.id } },
          body: { graceHours: 1 },
        })
        .then((r) => {
          if (r.data) secrets.push(r.data.secret);
          return r;
        }),
    );
    // Pretend the grace period is almost over: 3 seconds left.
    await db.query(
      `UPDATE core.api_key_index SET expires_at = now() + interval '3 seconds' WHERE key_id = $1`,
      [old.apiKey.id],
    );
    const answer = await validate(old.secret);
    expect(answer.status).toBe('active');
    expect(answer.cacheTtlSeconds).toBeLessThanOrEqual(3);
  });

  it('refuses malformed and mistyped keys by shape and checksum (400), and answers unknown for a well-formed stranger', async () => {
    const good = secrets[0]!;
    const typo = good.slice(0, 20) + (good[20] === 'x' ? 'y' : 'x') + good.slice(21);
    const e1 = await validate(typo).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(CoreClientError);
    expect(e1).toMatchObject({ status: 400, code: 'KEY_BAD_CHECKSUM' });
    const e2 = await validate('not-a-key').catch((e: unknown) => e);
    expect(e2).toMatchObject({ status: 400, code: 'KEY_MALFORMED' });
    expect(await validate(generateApiKey())).toEqual({ status: 'unknown', cacheTtlSeconds: 10 });
  });

  it('honours an explicit expiry, and refuses one in the past', async () => {
    const past = await client
      .POST('/studios/{studioId}/games/{gameId}/clients/{clientId}/api-keys', {
        ...keyPath,
        body: { name: 'Old', expiresAt: new Date(Date.now() - 1000).toISOString() },
      })
      .catch((e: unknown) => e);
    expect(past).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const soon = await createKey('Soon', new Date(Date.now() + 3600_000).toISOString());
    expect((await validate(soon.secret)).status).toBe('active');
    await db.query(
      `UPDATE core.api_key_index SET expires_at = now() - interval '1 second' WHERE key_id = $1`,
      [soon.apiKey.id],
    );
    expect((await validate(soon.secret)).status).toBe('expired');
  });

  it('records when a key was last used, off the validation path', async () => {
    const created = await createKey('Used');
    await validate(created.secret);
    await validate(created.secret);
    await core.app.get(KeyUsageTracker).flush();
    const listed = await unwrap(
      client.GET('/studios/{studioId}/games/{gameId}/clients/{clientId}/api-keys', keyPath),
    );
    const entry = listed.items.find((k) => k.id === created.apiKey.id)!;
    expect(entry.lastUsedAt).not.toBeNull();
    const index = await db.query<{ last_used_at: Date }>(
      'SELECT last_used_at FROM core.api_key_index WHERE key_id = $1',
      [created.apiKey.id],
    );
    expect(index[0]!.last_used_at).not.toBeNull();
  });

  it('stops keys of a deleted client and of an archived game', async () => {
    const gc = await unwrap(
      client.POST('/studios/{studioId}/games/{gameId}/clients', {
        params: { path: { studioId: ids.studioId, gameId: ids.gameId } },
        body: { name: 'Temp', platform: 'node' },
      }),
    );
    const p = { params: { path: { ...ids, clientId: gc.id } } };
    const k = await unwrap(
      client.POST('/studios/{studioId}/games/{gameId}/clients/{clientId}/api-keys', {
        ...p,
        body: { name: 'temp' },
      }),
    );
    secrets.push(k.secret);
    expect((await validate(k.secret)).status).toBe('active');
    await unwrap(client.DELETE('/studios/{studioId}/games/{gameId}/clients/{clientId}', p));
    expect((await validate(k.secret)).status).toBe('unknown');

    // A second game, archived: its keys are revoked and it takes no new clients.
    const g2 = await unwrap(
      client.POST('/studios/{studioId}/games', {
        params: { path: { studioId: ids.studioId } },
        body: { name: 'Sunset' },
      }),
    );
    const c2 = await unwrap(
      client.POST('/studios/{studioId}/games/{gameId}/clients', {
        params: { path: { studioId: ids.studioId, gameId: g2.id } },
        body: { name: 'PC', platform: 'unreal' },
      }),
    );
    const k2 = await unwrap(
      client.POST('/studios/{studioId}/games/{gameId}/clients/{clientId}/api-keys', {
        params: { path: { studioId: ids.studioId, gameId: g2.id, clientId: c2.id } },
        body: { name: 'k' },
      }),
    );
    secrets.push(k2.secret);
    const archived = await unwrap(
      client.POST('/studios/{studioId}/games/{gameId}/archive', {
        params: { path: { studioId: ids.studioId, gameId: g2.id } },
      }),
    );
    expect(archived.archivedAt).not.toBeNull();
    expect((await validate(k2.secret)).status).toBe('revoked');
    const refused = await core.api
      .as(userId)
      .post(`/studios/${ids.studioId}/games/${g2.id}/clients`, { name: 'Late', platform: 'web' });
    expectStatus(refused, 409, 'GAME_ARCHIVED');

    // Restored: it takes clients and keys again, but the keys revoked by archiving stay revoked.
    const restored = await unwrap(
      client.POST('/studios/{studioId}/games/{gameId}/restore', {
        params: { path: { studioId: ids.studioId, gameId: g2.id } },
      }),
    );
    expect(restored.archivedAt).toBeNull();
    expect((await validate(k2.secret)).status).toBe('revoked');
    const k3 = await unwrap(
      client.POST('/studios/{studioId}/games/{gameId}/clients/{clientId}/api-keys', {
        params: { path: { studioId: ids.studioId, gameId: g2.id, clientId: c2.id } },
        body: { name: 'after restore' },
      }),
    );
    secrets.push(k3.secret);
    expect((await validate(k3.secret)).status).toBe('active');
    const listed = await unwrap(
      client.GET('/studios/{studioId}/games', { params: { path: { studioId: ids.studioId }, query: {} } }),
    );
    expect(listed.items.map((g) => g.id)).toContain(g2.id);
  });

  it('never stores a plaintext key, session token or personal token anywhere in the database', async () => {
    const other = await signIn(core.api, 'secrets@k.example');
    const sessionReply = await core.api.post('/internal/sessions', { userId: other });
    expectStatus(sessionReply, 201);
    const session = sessionReply.body.token as string;
    const pat = (await core.api.as(other).post('/me/personal-tokens', { name: 'ci' })).body.secret as string;
    const all = [...secrets, session, pat];
    expect(all.every((s) => typeof s === 'string')).toBe(true);
    expect(all.length).toBeGreaterThanOrEqual(10);

    const tables = await db.query<{ table_schema: string; table_name: string }>(
      `SELECT table_schema, table_name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    expect(tables.length).toBeGreaterThan(10);
    let dump = '';
    for (const t of tables) {
      const rows = await db.query<{ row: string }>(
        `SELECT t::text AS row FROM "${t.table_schema}"."${t.table_name}" t`,
      );
      dump += rows.map((r) => r.row).join('\n') + '\n';
    }
    for (const secret of all) {
      const body = secret.replace(/^gt[kps]_(live_)?/, '').slice(0, -7);
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(body);
    }
    // What is stored is the hash (sanity check that the search looks in the right place).
    expect(dump).toContain(hashApiKey(secrets[0]!));
  });
});
