// Users, sessions (sliding expiry), personal access tokens, and the credentials every route
// requires.
import {
  createTestDatabase,
  expectStatus,
  signIn,
  startCore,
  type RunningCore,
  type TestDatabase,
} from './helpers';

describe('identity', () => {
  let db: TestDatabase;
  let core: RunningCore;

  beforeAll(async () => {
    db = await createTestDatabase();
    core = await startCore(db.url, { env: { SESSION_TTL_HOURS: '24', SESSION_MAX_AGE_HOURS: '48' } });
  });

  afterAll(async () => {
    await core?.close();
    await db?.drop();
  });

  describe('users', () => {
    it('creates a user from a Google profile, then updates it on the next sign-in', async () => {
      const first = await core.api.post('/internal/users/google', {
        googleSubject: 'google-1',
        email: 'Ada@Example.com',
        name: 'Ada',
        avatarUrl: 'https://lh3.example/ada.png',
      });
      expectStatus(first, 200);
      expect(first.body).toMatchObject({
        email: 'Ada@Example.com',
        name: 'Ada',
        created: true,
        acceptedInvitations: [],
      });
      const second = await core.api.post('/internal/users/google', {
        googleSubject: 'google-1',
        email: 'ada@example.com',
        name: 'Ada L.',
      });
      expect(second.body).toMatchObject({
        id: first.body.id,
        name: 'Ada L.',
        avatarUrl: null,
        created: false,
      });
      expect((await core.api.as(first.body.id).get('/me')).body).toMatchObject({
        id: first.body.id,
        name: 'Ada L.',
      });
    });

    it('links a dev sign-in account to the Google subject of the same email', async () => {
      const dev = await core.api.post('/internal/users/google', {
        googleSubject: 'dev|grace@example.com',
        email: 'grace@example.com',
        name: 'Grace',
      });
      const google = await core.api.post('/internal/users/google', {
        googleSubject: 'google-2',
        email: 'GRACE@example.com',
        name: 'Grace H.',
      });
      expect(google.body).toMatchObject({ id: dev.body.id, created: false });
    });

    it('refuses an email that another account uses (EMAIL_TAKEN)', async () => {
      await core.api.post('/internal/users/google', {
        googleSubject: 'google-3',
        email: 'one@example.com',
        name: 'One',
      });
      await core.api.post('/internal/users/google', {
        googleSubject: 'google-4',
        email: 'two@example.com',
        name: 'Two',
      });
      const clash = await core.api.post('/internal/users/google', {
        googleSubject: 'google-4',
        email: 'one@example.com',
        name: 'Two',
      });
      expectStatus(clash, 409, 'EMAIL_TAKEN');
    });

    it('creates one user when the same first sign-in arrives twice at once', async () => {
      const body = { googleSubject: 'google-race', email: 'race@example.com', name: 'Race' };
      const [r1, r2] = await Promise.all([
        core.api.post('/internal/users/google', body),
        core.api.post('/internal/users/google', body),
      ]);
      expect([r1.status, r2.status]).toEqual([200, 200]);
      expect(r1.body.id).toBe(r2.body.id);
    });

    it('validates the profile with field errors', async () => {
      const r = await core.api.post('/internal/users/google', {
        googleSubject: '',
        email: 'nope',
        name: 'x',
        avatarUrl: 'javascript:alert(1)',
      });
      expectStatus(r, 400, 'VALIDATION_FAILED');
      expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'avatarUrl',
        'email',
        'googleSubject',
      ]);
    });
  });

  describe('sessions', () => {
    let userId: string;
    beforeAll(async () => {
      userId = await signIn(core.api, 'session@example.com');
    });

    it('issues an opaque token that validates to the user', async () => {
      const s = await core.api.post('/internal/sessions', { userId, userAgent: 'jest' });
      expectStatus(s, 201);
      expect(s.body.token).toMatch(/^gts_[0-9A-Za-z]{43}_[0-9A-Za-z]{6}$/);
      const hoursLeft = (new Date(s.body.expiresAt).getTime() - Date.now()) / 3600_000;
      expect(hoursLeft).toBeGreaterThan(23.9);
      expect(hoursLeft).toBeLessThanOrEqual(24);
      const v = await core.api.post('/internal/sessions/validate', { token: s.body.token });
      expectStatus(v, 200);
      expect(v.body).toMatchObject({
        id: userId,
        email: 'session@example.com',
        session: { id: s.body.sessionId },
      });
    });

    it('slides the expiry on use, but never past the absolute lifetime', async () => {
      const s = (await core.api.post('/internal/sessions', { userId })).body;
      // Pretend the session was last seen 2 hours ago and expires in 1 hour.
      await db.query(
        `UPDATE core.sessions SET last_seen_at = now() - interval '2 hours', expires_at = now() + interval '1 hour' WHERE id = $1`,
        [s.sessionId],
      );
      const slid = (await core.api.post('/internal/sessions/validate', { token: s.token })).body.session
        .expiresAt;
      expect((new Date(slid).getTime() - Date.now()) / 3600_000).toBeGreaterThan(23.9); // back to the full TTL

      // Near the absolute limit (48 h after sign-in), sliding stops at that limit.
      await db.query(
        `UPDATE core.sessions SET last_seen_at = now() - interval '2 hours', absolute_expires_at = now() + interval '30 minutes' WHERE id = $1`,
        [s.sessionId],
      );
      const capped = (await core.api.post('/internal/sessions/validate', { token: s.token })).body.session
        .expiresAt;
      expect((new Date(capped).getTime() - Date.now()) / 60_000).toBeLessThanOrEqual(30);

      // Past its expiry the token is refused.
      await db.query(`UPDATE core.sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [
        s.sessionId,
      ]);
      expectStatus(
        await core.api.post('/internal/sessions/validate', { token: s.token }),
        401,
        'SESSION_INVALID',
      );
    });

    it('revokes one session (sign out), idempotently', async () => {
      const s = (await core.api.post('/internal/sessions', { userId })).body;
      expect((await core.api.delete('/internal/sessions/current', { token: s.token })).status).toBe(204);
      expect((await core.api.delete('/internal/sessions/current', { token: s.token })).status).toBe(204);
      expectStatus(
        await core.api.post('/internal/sessions/validate', { token: s.token }),
        401,
        'SESSION_INVALID',
      );
    });

    it('revokes every session of a user (sign out everywhere)', async () => {
      const other = await signIn(core.api, 'everywhere@example.com');
      const tokens = await Promise.all(
        [1, 2, 3].map(async () => (await core.api.post('/internal/sessions', { userId: other })).body.token),
      );
      const mine = (await core.api.post('/internal/sessions', { userId })).body.token;
      const r = await core.api.delete(`/internal/users/${other}/sessions`);
      expect(r.body).toEqual({ revokedSessions: 3 });
      for (const t of tokens)
        expectStatus(
          await core.api.post('/internal/sessions/validate', { token: t }),
          401,
          'SESSION_INVALID',
        );
      expectStatus(await core.api.post('/internal/sessions/validate', { token: mine }), 200);
    });

    it('refuses garbage tokens and unknown users', async () => {
      expectStatus(
        await core.api.post('/internal/sessions/validate', { token: 'garbage' }),
        401,
        'SESSION_INVALID',
      );
      expectStatus(
        await core.api.post('/internal/sessions', { userId: '00000000-0000-4000-8000-000000000000' }),
        404,
        'USER_NOT_FOUND',
      );
    });
  });

  describe('personal access tokens', () => {
    it('creates (secret once), lists, validates to the owner, and revokes', async () => {
      const owner = await signIn(core.api, 'integrator@example.com');
      const created = await core.api.as(owner).post('/me/personal-tokens', { name: 'CI', expiresInDays: 30 });
      expectStatus(created, 201);
      expect(created.body.secret).toMatch(/^gtp_[0-9A-Za-z]{40}_[0-9A-Za-z]{6}$/);
      const listed = await core.api.as(owner).get('/me/personal-tokens');
      expect(listed.body.items).toEqual([
        expect.objectContaining({ id: created.body.personalToken.id, name: 'CI' }),
      ]);
      expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);

      const v = await core.api.post('/internal/personal-tokens/validate', { token: created.body.secret });
      expect(v.body).toMatchObject({
        id: owner,
        personalToken: { id: created.body.personalToken.id, name: 'CI' },
      });

      const stranger = await signIn(core.api, 'stranger@example.com');
      expectStatus(
        await core.api.as(stranger).delete(`/me/personal-tokens/${created.body.personalToken.id}`),
        404,
        'PERSONAL_TOKEN_NOT_FOUND',
      );
      expect(
        (await core.api.as(owner).delete(`/me/personal-tokens/${created.body.personalToken.id}`)).status,
      ).toBe(204);
      expectStatus(
        await core.api.post('/internal/personal-tokens/validate', { token: created.body.secret }),
        401,
        'PERSONAL_TOKEN_INVALID',
      );
      expect((await core.api.as(owner).get('/me/personal-tokens')).body.items).toEqual([]);
    });

    it('refuses an expired token', async () => {
      const owner = await signIn(core.api, 'expiring@example.com');
      const created = (
        await core.api.as(owner).post('/me/personal-tokens', { name: 'short', expiresInDays: 1 })
      ).body;
      await db.query(
        `UPDATE core.personal_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`,
        [created.personalToken.id],
      );
      expectStatus(
        await core.api.post('/internal/personal-tokens/validate', { token: created.secret }),
        401,
        'PERSONAL_TOKEN_INVALID',
      );
    });
  });

  describe('credentials', () => {
    it('refuses every route without the service credential (401), including user routes', async () => {
      const user = await signIn(core.api, 'cred@example.com');
      for (const [method, path] of [
        ['POST', '/internal/api-keys/validate'],
        ['GET', '/internal/alert-rules'],
        ['POST', '/internal/users/google'],
        ['POST', '/internal/sessions/validate'],
        ['GET', '/studios'],
        ['GET', '/me'],
      ] as const) {
        const none = await core.api
          .as(user)
          .withoutToken()
          .request(method, path, method === 'POST' ? {} : undefined);
        expectStatus(none, 401, 'SERVICE_CREDENTIAL_REQUIRED');
        const wrong = await core.api
          .as(user)
          .withToken('wrong-token-wrong-token')
          .request(method, path, method === 'POST' ? {} : undefined);
        expectStatus(wrong, 401, 'SERVICE_CREDENTIAL_REQUIRED');
      }
    });

    it('requires a user id on user routes, and knows unknown users', async () => {
      expectStatus(await core.api.get('/studios'), 401, 'USER_REQUIRED');
      expectStatus(await core.api.as('not-a-uuid').get('/studios'), 401, 'USER_REQUIRED');
      const ghost = '00000000-0000-4000-8000-000000000000';
      expectStatus(await core.api.as(ghost).get('/me'), 401, 'USER_UNKNOWN');
      expectStatus(await core.api.as(ghost).post('/studios', { name: 'Ghost Studio' }), 401, 'USER_UNKNOWN');
      expect((await core.api.as(ghost).get('/studios')).body).toEqual({ items: [] });
    });

    it('answers 400 with field details for a malformed id in a path', async () => {
      const user = await signIn(core.api, 'paths@example.com');
      const r = await core.api.as(user).get('/studios/not-a-uuid/games');
      expectStatus(r, 400, 'VALIDATION_FAILED');
      expect(r.body.errors[0]).toMatchObject({ field: 'studioId' });
    });

    it('serves the OpenAPI document and Swagger UI', async () => {
      const doc = (await core.api.get('/openapi.json')).body;
      expect(doc.components.securitySchemes).toMatchObject({
        'service-token': { name: 'x-service-token' },
        'user-id': { name: 'x-user-id' },
      });
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/internal/api-keys/validate', '/studios/{studioId}/games']),
      );
      const html = await fetch(`${core.baseUrl}/docs`).then((r) => r.text());
      expect(html).toMatch(/swagger-ui/);
    });
  });
});
