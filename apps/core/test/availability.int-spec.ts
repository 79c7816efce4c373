// PostgreSQL going away and coming back, without touching the shared cluster: core reaches its
// database through a TCP proxy this test controls. Also the real process: start, ready, SIGTERM.
import { spawn } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { generateApiKey, generateSessionToken } from '@gt/api-keys';
import { localInfra } from '@gt/service-kit';
import { tenantSchemaName } from '../src/database/tenancy';
import {
  Api,
  SERVICE_TOKEN,
  createTestDatabase,
  expectStatus,
  signIn,
  startCore,
  type Json,
  type RunningCore,
  type TestDatabase,
} from './helpers';

const root = path.resolve(__dirname, '../../..');

/** A TCP proxy to the project's PostgreSQL that can be cut (every connection dropped) and restored. */
class PostgresProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async start(): Promise<void> {
    const target = new URL(localInfra().postgresUrl);
    this.server = createServer((client) => {
      const upstream = connect(Number(target.port), target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  /** Refuses new connections and kills open ones: to core, the database is gone. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  urlFor(database: string): string {
    const u = new URL(localInfra().postgresUrl);
    u.port = String(this.port);
    u.pathname = `/${database}`;
    return u.toString();
  }
}

describe('database unavailable', () => {
  let db: TestDatabase;
  let core: RunningCore;
  const proxy = new PostgresProxy();
  let owner: string;
  let studioId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await proxy.start();
    core = await startCore(proxy.urlFor(db.name), { env: { DATABASE_CONNECT_TIMEOUT_MS: '1000' } });
    owner = await signIn(core.api, 'ops@d.example');
    studioId = (await core.api.as(owner).post('/studios', { name: 'Resilient' })).body.id;
  });

  afterAll(async () => {
    await proxy.cut();
    await core?.close();
    await db?.drop();
  });

  it('answers 503 DATABASE_UNAVAILABLE with Retry-After, and readiness turns false', async () => {
    await proxy.cut();
    const write = await core.api.as(owner).post(`/studios/${studioId}/games`, { name: 'During outage' });
    expectStatus(write, 503, 'DATABASE_UNAVAILABLE');
    expect(write.headers.get('retry-after')).toBe('5');
    expect(JSON.stringify(write.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|SELECT|INSERT/);

    const read = await core.api.as(owner).get(`/studios/${studioId}/games`);
    expectStatus(read, 503, 'DATABASE_UNAVAILABLE');
    // A well-formed key needs the lookup: unavailable, never "unknown" (ingestion must not cache that).
    expectStatus(
      await core.api.post('/internal/api-keys/validate', { key: generateApiKey() }),
      503,
      'DATABASE_UNAVAILABLE',
    );
    // Likewise a session: unavailable, never SESSION_INVALID (the BFF must not sign the user out).
    expectStatus(
      await core.api.post('/internal/sessions/validate', { token: generateSessionToken() }),
      503,
      'DATABASE_UNAVAILABLE',
    );

    const ready = await fetch(`${core.baseUrl}/health/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as Json).checks.postgres.status).toBe('down');
    expect((await fetch(`${core.baseUrl}/health/live`)).status).toBe(200);
  });

  it('still refuses a mistyped key by its checksum, without the database', async () => {
    const r = await core.api.post('/internal/api-keys/validate', {
      key: 'gtk_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA_zzzzzz',
    });
    expectStatus(r, 400, 'KEY_BAD_CHECKSUM');
  });

  it('recovers without a restart once the database is back, with no partial write left behind', async () => {
    await proxy.start();
    let ready = 0;
    for (let i = 0; i < 50 && ready !== 200; i++) {
      ready = (await fetch(`${core.baseUrl}/health/ready`)).status;
      if (ready !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(ready).toBe(200);
    const games = await core.api.as(owner).get(`/studios/${studioId}/games`);
    expectStatus(games, 200);
    expect(games.body.items).toEqual([]);
    expectStatus(await core.api.as(owner).post(`/studios/${studioId}/games`, { name: 'After outage' }), 201);
  });

  it('keeps the registry and the schemas consistent when the database drops in the middle of writes', async () => {
    // Many studio creations (multi-statement transactions with DDL) in flight, then the cut.
    const attempts = Array.from({ length: 12 }, (_, i) =>
      core.api.as(owner).post('/studios', { name: `Burst ${i}` }),
    );
    await new Promise((r) => setTimeout(r, 30));
    await proxy.cut();
    const replies = await Promise.all(attempts);
    expect(replies.every((r) => r.status === 201 || r.status === 503)).toBe(true);
    await proxy.start();

    const registry = await db.query<{ id: string }>('SELECT id FROM core.studios');
    const schemas = await db.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'studio\\_%'`,
    );
    expect(schemas.map((s) => s.nspname).sort()).toEqual(registry.map((s) => tenantSchemaName(s.id)).sort());
    const owners = await db.query<{ id: string }>(
      `SELECT s.id FROM core.studios s WHERE NOT EXISTS (SELECT 1 FROM core.memberships m WHERE m.studio_id = s.id AND m.role = 'owner')`,
    );
    expect(owners).toEqual([]);
    // Every 201 is really there.
    for (const r of replies.filter((x) => x.status === 201))
      expect(registry.map((s) => s.id)).toContain(r.body.id);
  });
});

describe('the core process', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  function startProcess(env: Record<string, string>) {
    let output = '';
    const child = spawn(process.execPath, ['-r', './tools/build/register.js', 'apps/core/src/main.ts'], {
      cwd: root,
      env: { ...process.env, SERVICE_TOKEN, NODE_ENV: 'test', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, exited, output: () => output };
  }

  it('starts, migrates, reports ready, and exits 0 on SIGTERM; refuses to start without its database', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const good = startProcess({ PORT: String(port), DATABASE_URL: db.url });
    const bad = startProcess({
      PORT: String(port + 1),
      DATABASE_URL: 'postgres://telemetry:telemetry@127.0.0.1:1/nowhere',
      DATABASE_STARTUP_WAIT_SECONDS: '1',
    });

    let ready = 0;
    for (let i = 0; i < 300 && ready !== 200; i++) {
      ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (r) => r.status,
        () => 0,
      );
      if (ready !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(ready).toBe(200);
    const user = await signIn(new Api(`http://127.0.0.1:${port}`), 'proc@p.example');
    expect(user).toMatch(/^[0-9a-f-]{36}$/);
    good.child.kill('SIGTERM');
    expect(await good.exited).toBe(0);

    expect(await bad.exited).toBe(1);
    expect(bad.output()).toMatch(/PostgreSQL is not reachable after 1 s/);
    expect(good.output()).toMatch(/"msg":"core listening"/);
  }, 90_000);
});
