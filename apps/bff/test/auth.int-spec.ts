// Sign-in through passport-google-oauth20 against a local OAuth2 server, sessions, personal
// access tokens, and what a signed-in user sees when core goes away. Real core (own database).
import {
  Browser,
  codes,
  CountingProxy,
  createDatabase,
  devSignIn,
  OAuthServer,
  problemCode,
  type RunningBff,
  type ServiceProcess,
  startBff,
  startCore,
  type TestDatabase,
} from './harness';

describe('sign-in and sessions (real core, local OAuth2 server)', () => {
  let db: TestDatabase;
  let core: ServiceProcess;
  let coreProxy: CountingProxy;
  let oauth: OAuthServer;
  let bff: RunningBff;

  beforeAll(async () => {
    db = await createDatabase('bff_auth');
    [core, oauth] = await Promise.all([
      startCore(db),
      (async () => {
        const o = new OAuthServer();
        await o.start();
        return o;
      })(),
    ]);
    coreProxy = new CountingProxy(core.url);
    await coreProxy.start();
    bff = await startBff({
      CORE_URL: coreProxy.url,
      METRICS_URL: 'http://127.0.0.1:9',
      GOOGLE_CLIENT_ID: 'bff-test-client',
      GOOGLE_CLIENT_SECRET: 'bff-test-secret',
      GOOGLE_AUTH_URL: `${oauth.url}/authorize`,
      GOOGLE_TOKEN_URL: `${oauth.url}/token`,
      GOOGLE_USERINFO_URL: `${oauth.url}/userinfo`,
      DEV_LOGIN_ENABLED: 'true',
    });
  });

  afterAll(async () => {
    await bff?.close();
    await coreProxy?.stop();
    await core?.stop();
    await oauth?.stop();
    await db?.drop();
  });

  async function googleSignIn(profile: {
    sub: string;
    email: string;
    name?: string;
    email_verified?: boolean;
  }) {
    await oauth.setProfile(profile);
    const browser = new Browser(bff.url);
    const { hops, res } = await browser.navigate(`${bff.url}/auth/google?returnTo=/games`);
    return { browser, hops, res };
  }

  it('signs in with Google through the real strategy: redirect, state, PKCE, code exchange, profile, cookie', async () => {
    const { browser, hops, res } = await googleSignIn({ sub: '1001', email: 'Ada@Example.com', name: 'Ada' });
    // BFF -> OAuth2 server /authorize (with state and an S256 challenge) -> BFF callback -> portal.
    const authorize = new URL(hops[1]);
    expect(authorize.origin + authorize.pathname).toBe(`${oauth.url}/authorize`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${bff.url}/auth/google/callback`);
    expect(hops[2]).toMatch(new RegExp(`^${bff.url}/auth/google/callback\\?`));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${bff.url}/games`);
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('gt_session='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);

    const me = await browser.graphql('{ viewer { id email name authMethod studios { id } } }');
    expect(me.errors).toBeUndefined();
    expect(me.data.viewer).toMatchObject({
      email: 'ada@example.com',
      name: 'Ada',
      authMethod: 'SESSION',
      studios: [],
    });

    // The same Google account signs in again: the same user.
    const again = await googleSignIn({ sub: '1001', email: 'ada@example.com', name: 'Ada' });
    const me2 = await again.browser.graphql('{ viewer { id } }');
    expect(me2.data.viewer.id).toBe(me.data.viewer.id);
  });

  it('refuses a callback whose state does not match the browser that started the sign-in', async () => {
    await oauth.setProfile({ sub: '1002', email: 'eve@example.com' });
    const victim = new Browser(bff.url);
    const start = await victim.request(`${bff.url}/auth/google`);
    const authorize = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    const callback = authorize.headers.get('location')!;
    // Another browser (no state cookie) presents the callback: login CSRF.
    const attacker = new Browser(bff.url);
    const res = await attacker.request(callback);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${bff.url}/?authError=google_failed`);
    expect(attacker.cookies.has('gt_session')).toBe(false);
  });

  it('refuses a Google account whose email is not verified', async () => {
    const { browser, res } = await googleSignIn({
      sub: '1003',
      email: 'mallory@example.com',
      email_verified: false,
    });
    expect(res.headers.get('location')).toBe(`${bff.url}/?authError=email_unverified`);
    expect(browser.cookies.has('gt_session')).toBe(false);
  });

  it('logs out: core revokes the session and the old cookie is refused', async () => {
    const { browser } = await googleSignIn({ sub: '1004', email: 'bob@example.com' });
    const token = browser.cookies.get('gt_session')!;
    expect((await browser.graphql('{ viewer { email } }')).data.viewer.email).toBe('bob@example.com');

    const out = await browser.request(`${bff.url}/auth/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: bff.url },
    });
    expect(out.status).toBe(204);
    expect(browser.cookies.has('gt_session')).toBe(false);
    expect(coreProxy.count(/^DELETE \/internal\/sessions\/current/)).toBeGreaterThanOrEqual(1);

    // Someone who kept the cookie value cannot use it: core says it is revoked.
    const stale = new Browser(bff.url);
    stale.cookies.set('gt_session', token);
    const refused = await stale.graphql('{ viewer { email } }');
    expect(codes(refused)).toEqual(['UNAUTHENTICATED']);
    expect(refused.data).toBeNull();
  });

  it('refuses a logout posted from another site', async () => {
    const browser = await devSignIn(bff.url, 'carol@example.com');
    const res = await browser.request(`${bff.url}/auth/logout`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    expect(await problemCode(res)).toBe('CSRF_REJECTED');
    expect((await browser.graphql('{ viewer { email } }')).data.viewer.email).toBe('carol@example.com');
  });

  it('serves the development sign-in form and signs in by email', async () => {
    const form = await fetch(`${bff.url}/auth/dev`);
    expect(form.status).toBe(200);
    expect(await form.text()).toMatch(/<form method="post" action="\/auth\/dev">/);
    const browser = new Browser(bff.url);
    const res = await browser.request(`${bff.url}/auth/dev`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=dan%40example.com&returnTo=%2Fstudios',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${bff.url}/studios`);
    expect((await browser.graphql('{ viewer { email } }')).data.viewer.email).toBe('dan@example.com');
  });

  it('answers the public sign-in configuration without a session', async () => {
    const reply = await new Browser(bff.url).graphql(
      '{ authConfig { googleEnabled devLoginEnabled logoutUrl } }',
    );
    expect(reply.data.authConfig).toEqual({
      googleEnabled: true,
      devLoginEnabled: true,
      logoutUrl: '/auth/logout',
    });
  });

  it("gives a personal access token exactly its owner's rights, and none once revoked", async () => {
    const owner = await devSignIn(bff.url, 'pat-owner@example.com');
    const other = await devSignIn(bff.url, 'pat-other@example.com');
    const mine = await owner.graphql('mutation { createStudio(input: { name: "Owner Studio" }) { id } }');
    const theirs = await other.graphql('mutation { createStudio(input: { name: "Other Studio" }) { id } }');
    const created = await owner.graphql(
      'mutation { createPersonalAccessToken(input: { name: "script" }) { secret personalAccessToken { id displayPrefix } } }',
    );
    const { secret, personalAccessToken } = created.data.createPersonalAccessToken;
    expect(secret).toMatch(/^gtp_/);

    const script = new Browser(bff.url);
    const bearer = { authorization: `Bearer ${secret}` };
    const viewer = await script.graphql('{ viewer { email authMethod studios { id name } } }', {}, bearer);
    expect(viewer.data.viewer).toEqual({
      email: 'pat-owner@example.com',
      authMethod: 'PERSONAL_ACCESS_TOKEN',
      studios: [{ id: mine.data.createStudio.id, name: 'Owner Studio' }],
    });
    // What the owner may do, the token may do...
    const game = await script.graphql(
      'mutation($s: ID!) { createGame(input: { studioId: $s, name: "Via token" }) { id name } }',
      { s: mine.data.createStudio.id },
      bearer,
    );
    expect(game.data.createGame.name).toBe('Via token');
    // ...and what the owner may not, neither may the token.
    const foreign = await script.graphql(
      'query($s: ID!) { studio(id: $s) { name } }',
      { s: theirs.data.createStudio.id },
      bearer,
    );
    expect(codes(foreign)).toEqual(['NOT_FOUND']);

    await owner.graphql('mutation($id: ID!) { revokePersonalAccessToken(id: $id) }', {
      id: personalAccessToken.id,
    });
    const revoked = await script.graphql('{ viewer { email } }', {}, bearer);
    expect(codes(revoked)).toEqual(['UNAUTHENTICATED']);
    // A bearer that is not a personal access token is refused with a precise message.
    const wrong = await script.graphql('{ viewer { email } }', {}, { authorization: 'Bearer nonsense' });
    expect(codes(wrong)).toEqual(['UNAUTHENTICATED']);
    expect(wrong.errors![0].message).toMatch(/gtp_/);
  });

  it('never answers UNAUTHENTICATED for a valid session while core is down: it says core is unavailable', async () => {
    const browser = await devSignIn(bff.url, 'outage@example.com');
    expect((await browser.graphql('{ viewer { email } }')).data.viewer.email).toBe('outage@example.com');
    await core.stop();
    try {
      const reply = await browser.graphql('{ viewer { email } }');
      expect(codes(reply)).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(reply.errors![0].message).toMatch(/core service is unavailable/);
      expect(reply.errors![0].extensions).toMatchObject({ service: 'core' });
      // The sign-in page sends people back with a reason instead of an error page.
      const signIn = await new Browser(bff.url).request(`${bff.url}/auth/dev`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'email=late%40example.com',
      });
      expect(signIn.status).toBe(503);
      expect(await problemCode(signIn)).toBe('UPSTREAM_UNAVAILABLE');
      const ready = await fetch(`${bff.url}/health/ready`);
      expect(ready.status).toBe(503);
    } finally {
      await core.start();
    }
    expect((await browser.graphql('{ viewer { email } }')).data.viewer.email).toBe('outage@example.com');
  });
});
