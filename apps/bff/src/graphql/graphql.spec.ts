// The GraphQL endpoint end to end over HTTP, with in-memory core and metrics (test/fakes.ts):
// limits, CSRF, input errors, introspection, the IDE, partial data. The same behaviour against
// the real services is in test/*.int-spec.ts.
import { FakeCore, FakeMetrics } from '../../test/fakes';
import { type FakeBff, startFakeBff } from '../../test/unit-bff';

interface Reply {
  status: number;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[];
  };
  headers: Headers;
}

describe('GraphQL endpoint (fake core and metrics)', () => {
  let bff: FakeBff;
  let url: string;
  const core = new FakeCore();
  const metrics = new FakeMetrics();

  beforeAll(async () => {
    core.addUser('u1', 'ada@example.com', 'session-ada');
    core.addUser('u2', 'bob@example.com', 'session-bob');
    core.addStudio('s1', 'u1', 10);
    core.addStudio('s2', 'u2', 1);
    bff = await startFakeBff(core, metrics, {
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '30',
      GRAPHQL_MAX_DEPTH: '7',
      GRAPHQL_MAX_COMPLEXITY: '3000',
    });
    url = bff.url;
  }, 60_000);

  afterAll(async () => {
    await bff.close();
  });

  beforeEach(() => {
    core.calls.length = 0;
    metrics.calls.length = 0;
    core.down = false;
    metrics.down = false;
  });

  async function gql(
    query: string,
    variables: Record<string, unknown> = {},
    opts: { session?: string; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(opts.session ? { cookie: `gt_session=${opts.session}` } : {}),
        ...opts.headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: (await res.json()) as Reply['body'], headers: res.headers };
  }
  const codes = (r: Reply) => (r.body.errors ?? []).map((e) => e.extensions?.code);

  const TEN_GAMES = `query ($s: ID!) {
    studio(id: $s) {
      name
      games { id name clients { id platform } dashboard(range: { last: LAST_24_HOURS }) {
        summary { onlineNow today { events } }
        again: summary { totalPlayers }
        eventsOverTime { total }
      } }
    }
    alias: studio(id: $s) { id }
  }`;

  it('answers a studio with 10 games, their clients and dashboards with one call per distinct downstream question', async () => {
    const r = await gql(TEN_GAMES, { s: 's1' }, { session: 'session-ada' });
    expect(r.body.errors).toBeUndefined();
    const games = (r.body.data!.studio as { games: unknown[] }).games;
    expect(games).toHaveLength(10);
    // core: 1 session check, 1 studio (asked twice, by alias), 1 game list, 10 client lists.
    expect(core.calls.filter((c) => c === 'validateSession')).toHaveLength(1);
    expect(core.calls.filter((c) => c.startsWith('getStudio'))).toHaveLength(1);
    expect(core.calls.filter((c) => c.startsWith('listGames'))).toHaveLength(1);
    expect(core.calls.filter((c) => c.startsWith('listClients'))).toHaveLength(10);
    expect(core.calls).toHaveLength(13);
    // metrics: summary (asked twice per game) and events, once each per game.
    expect(metrics.calls.filter((c) => c.startsWith('summary'))).toHaveLength(10);
    expect(metrics.calls.filter((c) => c.startsWith('events'))).toHaveLength(10);
    expect(metrics.calls).toHaveLength(20);
  });

  it('returns the core data and nulls the dashboard fields with UPSTREAM_UNAVAILABLE when metrics is down', async () => {
    metrics.down = true;
    const r = await gql(
      `query ($s: ID!) { studio(id: $s) { name games { name dashboard(range: { last: LAST_HOUR }) { from summary { onlineNow } } } } }`,
      { s: 's2' },
      { session: 'session-bob' },
    );
    expect(r.status).toBe(200);
    const studio = r.body.data!.studio as {
      name: string;
      games: { name: string; dashboard: { summary: unknown } }[];
    };
    expect(studio.name).toBe('Studio s2');
    expect(studio.games[0].name).toBe('Game 0');
    expect(studio.games[0].dashboard.summary).toBeNull();
    expect(codes(r)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(r.body.errors![0].path).toEqual(['studio', 'games', 0, 'dashboard', 'summary']);
    expect(r.body.errors![0].extensions).toMatchObject({ service: 'metrics' });
  });

  it('says core is unavailable, never UNAUTHENTICATED, when core is down', async () => {
    core.down = true;
    const r = await gql('{ viewer { email } }', {}, { session: 'session-ada' });
    expect(codes(r)).toEqual(['UPSTREAM_UNAVAILABLE']);
  });

  it('answers NOT_FOUND for a studio the caller is not a member of', async () => {
    const r = await gql(
      'query ($s: ID!) { studio(id: $s) { name } }',
      { s: 's2' },
      { session: 'session-ada' },
    );
    expect(codes(r)).toEqual(['NOT_FOUND']);
    expect(r.body.errors![0].extensions).toMatchObject({ reason: 'STUDIO_NOT_FOUND' });
  });

  it('answers UNAUTHENTICATED without a session, and public fields still work', async () => {
    expect(codes(await gql('{ viewer { email } }'))).toEqual(['UNAUTHENTICATED']);
    const pub = await gql('{ authConfig { devLoginEnabled googleEnabled } }');
    expect(pub.body.data).toEqual({ authConfig: { devLoginEnabled: false, googleEnabled: false } });
  });

  it('refuses a query deeper than the limit with DEPTH_LIMIT_EXCEEDED before calling anything', async () => {
    const r = await gql(
      '{ viewer { studios { games { dashboard(range: { last: LAST_HOUR }) { summary { today { revenue { currency } } } } } } } }',
      {},
      { session: 'session-ada' },
    );
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(['DEPTH_LIMIT_EXCEEDED']);
    expect(r.body.errors![0].extensions).toMatchObject({ depth: 8, maxDepth: 7 });
    expect(metrics.calls).toEqual([]);
  });

  it('refuses a query costlier than the limit with COMPLEXITY_LIMIT_EXCEEDED', async () => {
    const r = await gql(
      `{ viewer { studios { games { dashboard(range: { last: LAST_HOUR }) {
          a: summary { onlineNow } b: eventsOverTime { total } c: activePlayers { total } d: onlineNow { players }
        } } } } }`,
      {},
      { session: 'session-ada' },
    );
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(['COMPLEXITY_LIMIT_EXCEEDED']);
    expect(r.body.errors![0].message).toMatch(/the limit is 3000/);
  });

  it('refuses form-encoded and simple requests as CSRF, and accepts JSON', async () => {
    const form = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', cookie: 'gt_session=session-ada' },
      body: JSON.stringify({ query: '{ viewer { email } }' }),
    });
    expect(form.status).toBe(400);
    expect(JSON.stringify(await form.json())).toMatch(/CSRF_REJECTED/);
    const get = await fetch(`${url}/graphql?query=${encodeURIComponent('{ viewer { email } }')}`, {
      headers: { cookie: 'gt_session=session-ada' },
    });
    expect(get.status).toBe(400);
  });

  it('reports bad input as BAD_USER_INPUT: wrong variable types, invalid ranges, invalid input objects', async () => {
    const wrongType = await gql(
      'query ($s: ID!) { studio(id: $s) { name } }',
      { s: { nested: true } },
      { session: 'session-ada' },
    );
    expect(codes(wrongType)).toEqual(['BAD_USER_INPUT']);
    const badDate = await gql(
      'query ($s: ID!, $g: ID!) { game(studioId: $s, id: $g) { dashboard(range: { from: "yesterday", to: "today" }) { from } } }',
      { s: 's1', g: 's1-g0' },
      { session: 'session-ada' },
    );
    expect(codes(badDate)).toContain('GRAPHQL_VALIDATION_FAILED');
    const backwards = await gql(
      `query ($s: ID!, $g: ID!) { game(studioId: $s, id: $g) {
        name dashboard(range: { from: "2025-02-01T00:00:00Z", to: "2025-01-01T00:00:00Z" }) { from } } }`,
      { s: 's1', g: 's1-g0' },
      { session: 'session-ada' },
    );
    expect(codes(backwards)).toEqual(['BAD_USER_INPUT']);
    const longName = await gql(
      'mutation ($n: String!) { createStudio(input: { name: $n }) { id } }',
      { n: 'x'.repeat(101) },
      { session: 'session-ada' },
    );
    expect(codes(longName)).toEqual(['BAD_USER_INPUT']);
    expect(longName.body.errors![0].extensions!.fieldErrors).toEqual([
      expect.objectContaining({ field: 'name', code: 'maxLength' }),
    ]);
  });

  it('lets signed-in callers introspect, and nobody else', async () => {
    const anonymous = await gql('{ __schema { queryType { name } } }');
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
    expect(anonymous.status).toBe(401);
    const signedIn = await gql('{ __schema { queryType { name } } }', {}, { session: 'session-ada' });
    expect(signedIn.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('limits the rate per caller with RATE_LIMITED and Retry-After', async () => {
    let last: Reply | undefined;
    for (let i = 0; i < 31; i++)
      last = await gql(
        '{ authConfig { googleEnabled } }',
        {},
        { headers: { 'x-forwarded-for': '198.51.100.7' } },
      );
    expect(last!.status).toBe(429);
    expect(codes(last!)).toEqual(['RATE_LIMITED']);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    // A signed-in caller has a bucket of their own.
    expect((await gql('{ viewer { email } }', {}, { session: 'session-ada' })).status).toBe(200);
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ authConfig { googleEnabled } }${' '.repeat(200_000)}` }),
    });
    expect(res.status).toBe(413);
  });

  it('serves GraphiQL from our own origin (no CDN) to a browser opening /graphql', async () => {
    const page = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/graphiql/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    for (const asset of ['react.js', 'react-dom.js', 'graphiql.js', 'graphiql.css', 'init.js']) {
      const res = await fetch(`${url}/ide/assets/${asset}`);
      expect(res.status).toBe(200);
    }
    const react = await (await fetch(`${url}/ide/assets/react.js`)).text();
    expect(react).toMatch(/React v?18|react\.production\.min\.js/);
  });
});
