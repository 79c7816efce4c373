// The GraphQL schema over real core and metrics: tenant isolation, downstream call counts,
// partial data when metrics stops, the live subscription, and the schema file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { printSdl } from '../src/graphql/schema-sdl';
import {
  Browser,
  codes,
  CountingProxy,
  createDatabase,
  devSignIn,
  dropInfluxDatabase,
  ROOT,
  type RunningBff,
  type ServiceProcess,
  startBff,
  startCore,
  startMetrics,
  type TestDatabase,
} from './harness';

const DASHBOARD_OF_EVERY_GAME = `query Overview($s: ID!) {
  studio(id: $s) {
    name
    games {
      id
      name
      clients { id name platform }
      dashboard(range: { last: LAST_30_DAYS }, bucket: ONE_DAY) {
        summary { onlineNow totalPlayers range { events activePlayers } }
        sameSummaryAgain: summary { generatedAt }
        eventsOverTime { total series { key total } }
        activePlayers { points { time players } }
      }
    }
  }
  sameStudioAgain: studio(id: $s) { id }
}`;

describe('GraphQL over real core and metrics', () => {
  let db: TestDatabase;
  const influxDb = `bff_int_${Date.now().toString(36)}`;
  let core: ServiceProcess;
  let metrics: ServiceProcess;
  let coreProxy: CountingProxy;
  let metricsProxy: CountingProxy;
  let bff: RunningBff;
  let alice: Browser;
  let bob: Browser;
  let studioA: string;
  let studioB: string;
  let gameB: string;
  const ids = { gameA: '', clientB: '', keyB: '', ruleB: '' };

  beforeAll(async () => {
    db = await createDatabase('bff_gql');
    [core, metrics] = await Promise.all([startCore(db), startMetrics(influxDb)]);
    coreProxy = new CountingProxy(core.url);
    metricsProxy = new CountingProxy(metrics.url);
    await Promise.all([coreProxy.start(), metricsProxy.start()]);
    bff = await startBff({
      CORE_URL: coreProxy.url,
      METRICS_URL: metricsProxy.url,
      DEV_LOGIN_ENABLED: 'true',
      LIVE_INTERVAL_SECONDS: '1',
    });
    [alice, bob] = await Promise.all([
      devSignIn(bff.url, 'alice@a.example'),
      devSignIn(bff.url, 'bob@b.example'),
    ]);

    studioA = (await alice.graphql('mutation { createStudio(input: { name: "Studio A" }) { id } }')).data
      .createStudio.id;
    studioB = (await bob.graphql('mutation { createStudio(input: { name: "Studio B" }) { id } }')).data
      .createStudio.id;
    for (let i = 0; i < 10; i++) {
      const g = await alice.graphql(
        'mutation($s: ID!, $n: String!) { createGame(input: { studioId: $s, name: $n }) { id } }',
        {
          s: studioA,
          n: `Game ${i}`,
        },
      );
      if (i === 0) ids.gameA = g.data.createGame.id;
      await alice.graphql(
        'mutation($s: ID!, $g: ID!) { createGameClient(input: { studioId: $s, gameId: $g, name: "Unity build", platform: UNITY }) { id } }',
        { s: studioA, g: g.data.createGame.id },
      );
    }
    gameB = (
      await bob.graphql('mutation($s: ID!) { createGame(input: { studioId: $s, name: "B game" }) { id } }', {
        s: studioB,
      })
    ).data.createGame.id;
    ids.clientB = (
      await bob.graphql(
        'mutation($s: ID!, $g: ID!) { createGameClient(input: { studioId: $s, gameId: $g, name: "Web", platform: WEB }) { id } }',
        { s: studioB, g: gameB },
      )
    ).data.createGameClient.id;
    const key = await bob.graphql(
      'mutation($s: ID!, $g: ID!, $c: ID!) { createApiKey(input: { studioId: $s, gameId: $g, clientId: $c, name: "prod" }) { secret apiKey { id } } }',
      { s: studioB, g: gameB, c: ids.clientB },
    );
    expect(key.data.createApiKey.secret).toMatch(/^gtk_/);
    ids.keyB = key.data.createApiKey.apiKey.id;
    ids.ruleB = (
      await bob.graphql(
        `mutation($s: ID!, $g: ID!) { createAlertRule(input: {
          studioId: $s, gameId: $g, name: "100 players", kind: PLAYERS_REACHED, threshold: 100, recipients: ["bob@b.example"]
        }) { id } }`,
        { s: studioB, g: gameB },
      )
    ).data.createAlertRule.id;
  });

  afterAll(async () => {
    await bff?.close();
    await Promise.all([coreProxy?.stop(), metricsProxy?.stop()]);
    await Promise.all([core?.stop(), metrics?.stop()]);
    await Promise.all([db?.drop(), dropInfluxDatabase(influxDb)]);
  });

  describe('tenant isolation', () => {
    it("answers NOT_FOUND when a member of studio A asks for B's studio, game, key or rules by id", async () => {
      const vars = { s: studioB, g: gameB, c: ids.clientB, k: ids.keyB, r: ids.ruleB };
      const studio = await alice.graphql('query($s: ID!) { studio(id: $s) { name } }', vars);
      const game = await alice.graphql(
        'query($s: ID!, $g: ID!) { game(studioId: $s, id: $g) { name } }',
        vars,
      );
      const revokeKey = await alice.graphql(
        'mutation($s: ID!, $g: ID!, $c: ID!, $k: ID!) { revokeApiKey(input: { studioId: $s, gameId: $g, clientId: $c, keyId: $k }) { id } }',
        vars,
      );
      const rule = await alice.graphql(
        'mutation($s: ID!, $g: ID!, $r: ID!) { updateAlertRule(input: { studioId: $s, gameId: $g, ruleId: $r, threshold: 1 }) { id } }',
        vars,
      );
      // B's game under A's studio id: still not found (ids are checked against the tenant).
      const crossed = await alice.graphql('query($s: ID!, $g: ID!) { game(studioId: $s, id: $g) { name } }', {
        s: studioA,
        g: gameB,
      });
      for (const reply of [studio, game, revokeKey, rule, crossed]) {
        expect(codes(reply)).toEqual(['NOT_FOUND']);
        expect(reply.data).toBeNull();
      }
      // Bob's key and rule are untouched.
      const check = await bob.graphql(
        'query($s: ID!, $g: ID!, $r: ID!) { game(studioId: $s, id: $g) { clients { apiKeys { status } } alertRule(id: $r) { threshold } } }',
        vars,
      );
      expect(check.data.game).toEqual({
        clients: [{ apiKeys: [{ status: 'ACTIVE' }] }],
        alertRule: { threshold: 100 },
      });
    });

    it("lists only the viewer's own studios", async () => {
      const reply = await alice.graphql('{ viewer { studios { id name role } } }');
      expect(reply.data.viewer.studios).toEqual([{ id: studioA, name: 'Studio A', role: 'OWNER' }]);
    });
  });

  describe('aggregation', () => {
    it('answers 10 games with clients and dashboards with one downstream call per distinct question, in parallel', async () => {
      coreProxy.reset();
      metricsProxy.reset();
      const started = Date.now();
      const reply = await alice.graphql(DASHBOARD_OF_EVERY_GAME, { s: studioA });
      const ms = Date.now() - started;
      expect(reply.errors).toBeUndefined();
      expect(reply.data.studio.games).toHaveLength(10);
      for (const g of reply.data.studio.games) {
        expect(g.clients).toEqual([expect.objectContaining({ name: 'Unity build', platform: 'UNITY' })]);
        expect(g.dashboard.summary).toMatchObject({ onlineNow: 0, totalPlayers: 0 });
      }
      // core: session check 1, studio 1 (asked twice), game list 1, client lists 10.
      expect(coreProxy.count(/^POST \/internal\/sessions\/validate/)).toBe(1);
      expect(coreProxy.count(/^GET \/studios\/[^/]+$/)).toBe(1);
      expect(coreProxy.count(/^GET \/studios\/[^/]+\/games\?/)).toBe(1);
      expect(coreProxy.count(/^GET \/studios\/[^/]+\/games\/[^/]+\/clients$/)).toBe(10);
      expect(coreProxy.calls).toHaveLength(13);
      // metrics: per game summary (asked twice), events and active players: 3 x 10.
      expect(metricsProxy.count(/\/summary\?/)).toBe(10);
      expect(metricsProxy.count(/\/events\?/)).toBe(10);
      expect(metricsProxy.count(/\/active-players\?/)).toBe(10);
      expect(metricsProxy.calls).toHaveLength(30);
      // No call was repeated with the same arguments.
      expect(new Set(metricsProxy.calls).size).toBe(30);
      expect(new Set(coreProxy.calls).size).toBe(13);
      expect(ms).toBeLessThan(10_000);
    });

    it('returns studio and game data with UPSTREAM_UNAVAILABLE on the dashboard fields when metrics is stopped', async () => {
      await metrics.stop();
      try {
        const reply = await alice.graphql(
          `query($s: ID!) { studio(id: $s) { name games { name clients { name } dashboard(range: { last: LAST_24_HOURS }) {
            summary { onlineNow } onlineNow { players } } } } }`,
          { s: studioA },
        );
        expect(reply.status).toBe(200);
        expect(reply.data.studio.name).toBe('Studio A');
        expect(reply.data.studio.games).toHaveLength(10);
        for (const g of reply.data.studio.games) {
          expect(g.clients).toEqual([{ name: 'Unity build' }]);
          expect(g.dashboard).toEqual({ summary: null, onlineNow: null });
        }
        expect(new Set(codes(reply))).toEqual(new Set(['UPSTREAM_UNAVAILABLE']));
        expect(reply.errors).toHaveLength(20);
        expect(reply.errors![0].path).toEqual([
          'studio',
          'games',
          expect.any(Number),
          'dashboard',
          expect.any(String),
        ]);
        expect(reply.errors![0].message).toMatch(/metrics service is unavailable/);
      } finally {
        await metrics.start();
      }
    });
  });

  describe('live counters (graphql-ws subscription)', () => {
    function socket(headers: Record<string, string>) {
      class WithHeaders extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers });
        }
      }
      return createClient({
        url: `${bff.url.replace('http', 'ws')}/graphql`,
        webSocketImpl: WithHeaders,
        retryAttempts: 0,
        lazy: true,
      });
    }

    it('pushes online-now and today counters every interval to a signed-in browser', async () => {
      const client = socket({ cookie: alice.cookieHeader(), origin: bff.url });
      const received: { onlineNow: number; eventsToday: number }[] = [];
      await new Promise<void>((resolve, reject) => {
        const stop = client.subscribe<{
          liveCounters: { onlineNow: number; eventsToday: number; gameId: string };
        }>(
          {
            query:
              'subscription($s: ID!, $g: ID!) { liveCounters(studioId: $s, gameId: $g) { gameId onlineNow eventsToday } }',
            variables: { s: studioA, g: ids.gameA },
          },
          {
            next: (msg) => {
              if (msg.errors) return reject(new Error(JSON.stringify(msg.errors)));
              received.push(msg.data!.liveCounters);
              if (received.length === 2) {
                stop();
                resolve();
              }
            },
            error: reject,
            complete: () => undefined,
          },
        );
      });
      await client.dispose();
      expect(received).toEqual([
        expect.objectContaining({ onlineNow: 0, eventsToday: 0 }),
        expect.objectContaining({ onlineNow: 0, eventsToday: 0 }),
      ]);
    });

    it("refuses another studio's game with NOT_FOUND, and a cookie socket opened from another site", async () => {
      const client = socket({ cookie: alice.cookieHeader(), origin: bff.url });
      const errors = await new Promise<unknown>((resolve) => {
        client.subscribe(
          {
            query: 'subscription($s: ID!, $g: ID!) { liveCounters(studioId: $s, gameId: $g) { onlineNow } }',
            variables: { s: studioB, g: gameB },
          },
          { next: (msg) => resolve(msg.errors), error: resolve, complete: () => resolve('completed') },
        );
      });
      await client.dispose();
      expect(JSON.stringify(errors)).toMatch(/NOT_FOUND/);

      const foreign = socket({ cookie: alice.cookieHeader(), origin: 'https://evil.example' });
      const refused = await new Promise<unknown>((resolve) => {
        foreign.subscribe(
          {
            query: 'subscription($s: ID!, $g: ID!) { liveCounters(studioId: $s, gameId: $g) { onlineNow } }',
            variables: { s: studioA, g: ids.gameA },
          },
          { next: () => resolve('data'), error: resolve, complete: () => resolve('completed') },
        );
      });
      await foreign.dispose();
      expect(refused).toMatchObject({ code: 4403 });
    });
  });

  it('answers the cost limit, CSRF and bad input with their documented codes', async () => {
    const costly = await alice.graphql(
      `{ viewer { studios { games { dashboard(range: { last: LAST_HOUR }) {
          a: summary { onlineNow } b: eventsOverTime { total } c: activePlayers { total } d: onlineNow { players }
          e: newPlayers { total } f: sessions { total } g: progression { level } h: revenue { amount }
          i: errors { total } j: topEvents { name } k: eventsOverTime(by: NAME) { total }
        } clients { apiKeys { id name status } } alertRules { id name } } } } }`,
    );
    expect(costly.status).toBe(400);
    expect(codes(costly)).toEqual(['COMPLEXITY_LIMIT_EXCEEDED']);
    expect(costly.errors![0].message).toMatch(/the limit is 5000/);

    const csrf = await alice.request(`${bff.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'query=%7B%20viewer%20%7B%20email%20%7D%20%7D',
    });
    expect(csrf.status).toBe(400);
    expect(JSON.stringify(await csrf.json())).toMatch(/CSRF_REJECTED/);

    const badRange = await alice.graphql(
      'query($s: ID!, $g: ID!) { game(studioId: $s, id: $g) { dashboard(range: { last: LAST_HOUR }, timeZone: "Mars/Base") { from } } }',
      {
        s: studioA,
        g: ids.gameA,
      },
    );
    expect(codes(badRange)).toEqual(['BAD_USER_INPUT']);
    const badEmail = await alice.graphql(
      'mutation($s: ID!) { addStudioMember(input: { studioId: $s, email: "not-an-email", role: MEMBER }) { status } }',
      { s: studioA },
    );
    expect(codes(badEmail)).toEqual(['BAD_USER_INPUT']);
    expect(badEmail.errors![0].extensions).toMatchObject({
      fieldErrors: [expect.objectContaining({ field: 'email' })],
    });
    const badId = await alice.graphql('query { studio(id: "not-a-uuid") { name } }');
    expect(codes(badId)).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses a query deeper than GRAPHQL_MAX_DEPTH with DEPTH_LIMIT_EXCEEDED', async () => {
    const shallow = await startBff({
      CORE_URL: coreProxy.url,
      METRICS_URL: metricsProxy.url,
      GRAPHQL_MAX_DEPTH: '4',
    });
    try {
      // Sessions are core's: Alice's cookie works on any BFF instance.
      const b = new Browser(shallow.url);
      for (const [k, v] of alice.cookies) b.cookies.set(k, v);
      metricsProxy.reset();
      const reply = await b.graphql(
        '{ viewer { studios { games { dashboard(range: { last: LAST_HOUR }) { summary { onlineNow } } } } } }',
      );
      expect(codes(reply)).toEqual(['DEPTH_LIMIT_EXCEEDED']);
      expect(reply.status).toBe(400);
      expect(reply.errors![0].extensions).toMatchObject({ depth: 6, maxDepth: 4 });
      expect(metricsProxy.calls).toHaveLength(0);
    } finally {
      await shallow.close();
    }
  });

  it('serves exactly the schema committed in graphql/schema.graphql', () => {
    const live = printSdl(bff.app.get(GraphQLSchemaHost).schema);
    expect(live).toBe(readFileSync(path.join(ROOT, 'graphql/schema.graphql'), 'utf8'));
  });
});
