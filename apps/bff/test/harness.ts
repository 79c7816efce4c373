// Integration-test harness for the BFF: real core and metrics as child processes, each on a
// fresh database (PostgreSQL database / InfluxDB database of its own), a local OAuth2 server
// standing in for Google, a counting proxy in front of each downstream service, and the BFF
// itself in-process with its production wiring. Nothing is mocked.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { createCoreClient, unwrap } from '@gt/core-client';
import { createLogger, createServiceApp, localInfra } from '@gt/service-kit';
import { loadBffConfig } from '../src/config';
import { bffService } from '../src/service';

export const ROOT = path.resolve(__dirname, '../../..');
export const SERVICE_TOKEN = 'bff-int-test-service-token-0123456789';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function waitFor(
  url: string,
  child: ChildProcess | null,
  output: () => string,
  ms = 60_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`process exited (${child.exitCode}):\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url} did not become ready in ${ms} ms:\n${output().slice(-4000)}`);
}

/** A service of the repository started as a real process (`node -r register apps/<x>/src/main.ts`). */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  private out = '';
  readonly url: string;

  constructor(
    readonly app: 'core' | 'metrics' | 'bff',
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    this.out = '';
    this.child = spawn(
      process.execPath,
      ['-r', path.join(ROOT, 'tools/build/register.js'), path.join(ROOT, 'apps', this.app, 'src', 'main.ts')],
      {
        cwd: ROOT,
        env: { ...process.env, ...this.env, PORT: String(this.port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child.stdout!.on('data', (d) => (this.out += d));
    this.child.stderr!.on('data', (d) => (this.out += d));
    await waitFor(`${this.url}/health/ready`, this.child, () => this.out);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    this.child = null;
  }

  output(): string {
    return this.out;
  }
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A PostgreSQL database of its own on the project's cluster (5433), dropped afterwards. */
export async function createDatabase(prefix: string): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: localInfra().postgresUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const u = new URL(localInfra().postgresUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const a = new Client({ connectionString: localInfra().postgresUrl });
      await a.connect();
      try {
        await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}

export async function startCore(db: TestDatabase): Promise<ServiceProcess> {
  const core = new ServiceProcess('core', await freePort(), {
    NODE_ENV: 'test',
    SERVICE_TOKEN,
    DATABASE_URL: db.url,
    DATABASE_STARTUP_WAIT_SECONDS: '10',
  });
  await core.start();
  return core;
}

/** Metrics with its own InfluxDB database and no Kafka consumer (the query API is what the BFF uses). */
export async function startMetrics(influxDatabase: string): Promise<ServiceProcess> {
  const metrics = new ServiceProcess('metrics', await freePort(), {
    NODE_ENV: 'test',
    SERVICE_TOKEN,
    INFLUX_DATABASE: influxDatabase,
    CONSUMER_ENABLED: 'false',
  });
  await metrics.start();
  return metrics;
}

export async function dropInfluxDatabase(name: string): Promise<void> {
  const url = `${localInfra().influxUrl}/query?q=${encodeURIComponent(`DROP DATABASE "${name}"`)}`;
  await fetch(url, { method: 'POST' }).catch(() => undefined);
}

/**
 * A reverse proxy that counts the requests passing through it, by `METHOD /path?query`: the
 * BFF talks to core and metrics through these, so the tests count real downstream calls.
 */
export class CountingProxy {
  private server!: Server;
  readonly calls: string[] = [];
  url = '';

  constructor(private target: string) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.calls.push(`${req.method} ${req.url}`);
      const target = new URL(req.url ?? '/', this.target);
      const upstream = httpRequest(
        target,
        { method: req.method, headers: { ...req.headers, host: target.host } },
        (up: IncomingMessage) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => {
        // The target is down: behave like a connection failure, as the real service would.
        req.socket.destroy();
      });
      req.pipe(upstream);
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  retarget(target: string): void {
    this.target = target;
  }

  reset(): void {
    this.calls.length = 0;
  }

  /** Calls whose `METHOD path` matches. */
  count(pattern: RegExp): number {
    return this.calls.filter((c) => pattern.test(c)).length;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** The local OAuth2 server (apps/bff/test/oauth-server.mjs) standing in for Google. */
export class OAuthServer {
  private child!: ChildProcess;
  private lines: string[] = [];
  private waiters: ((line: string) => void)[] = [];
  url = '';

  async start(): Promise<void> {
    this.child = spawn(process.execPath, [path.join(__dirname, 'oauth-server.mjs')], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let buf = '';
    this.child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        const w = this.waiters.shift();
        if (w) w(line);
        else this.lines.push(line);
      }
    });
    const issuer = new URL(await this.nextLine());
    this.url = `http://127.0.0.1:${issuer.port}`;
  }

  /** The profile /userinfo returns for the next sign-ins. */
  async setProfile(profile: {
    sub: string;
    email: string;
    email_verified?: boolean;
    name?: string;
  }): Promise<void> {
    this.child.stdin!.write(`${JSON.stringify({ email_verified: true, name: profile.email, ...profile })}\n`);
    await this.nextLine();
  }

  private nextLine(): Promise<string> {
    const l = this.lines.shift();
    if (l !== undefined) return Promise.resolve(l);
    return new Promise((r) => this.waiters.push(r));
  }

  async stop(): Promise<void> {
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGKILL');
    await exited;
  }
}

export interface RunningBff {
  app: INestApplication;
  url: string;
  close(): Promise<void>;
}

/** The BFF in-process, with the production wiring and the given environment. */
export async function startBff(env: Record<string, string>): Promise<RunningBff> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadBffConfig({
    NODE_ENV: 'test',
    SERVICE_TOKEN,
    PUBLIC_URL: url,
    SESSION_CACHE_SECONDS: '0',
    ...env,
  });
  const logger = createLogger('bff', process.env.BFF_TEST_LOG ?? 'silent');
  const app = await createServiceApp(bffService({ logger }), config, { logger });
  await app.listen(port, '127.0.0.1');
  return { app, url, close: () => app.close() };
}

/** A browser-like client: keeps the BFF's cookies, follows redirects across origins on demand. */
export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(readonly bffUrl: string) {}

  private store(res: Response, url: string): void {
    if (new URL(url).origin !== new URL(this.bffUrl).origin) return;
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some((a) => {
        const [k, v] = a.split('=').map((s) => s.trim().toLowerCase());
        return (k === 'max-age' && Number(v) <= 0) || (k === 'expires' && Date.parse(v) < Date.now());
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, decodeURIComponent(value));
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (new URL(url).origin === new URL(this.bffUrl).origin && this.cookies.size) {
      headers.set('cookie', this.cookieHeader());
    }
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.store(res, url);
    return res;
  }

  /** GET `url` and follow redirects (at most 10); returns every hop and the last response. */
  async navigate(url: string): Promise<{ hops: string[]; res: Response }> {
    const hops = [url];
    let res = await this.request(url);
    for (let i = 0; i < 10 && res.status >= 300 && res.status < 400; i++) {
      const next = new URL(res.headers.get('location')!, hops[hops.length - 1]).toString();
      hops.push(next);
      // A redirect back to the BFF origin's root (the portal) is where a real browser would stop.
      if (next.startsWith(this.bffUrl) && !new URL(next).pathname.startsWith('/auth/')) break;
      res = await this.request(next);
    }
    return { hops, res };
  }

  async graphql<T = GqlData>(
    query: string,
    variables?: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): Promise<GqlReply<T>> {
    const res = await this.request(`${this.bffUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, headers: res.headers, ...((await res.json()) as GqlBody<T>) };
  }
}

// Untyped GraphQL data in tests; the portal gets generated types from the SDL.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type GqlData = any;
export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [k: string]: unknown };
}
interface GqlBody<T> {
  data?: T | null;
  errors?: GqlError[];
}
export interface GqlReply<T = GqlData> extends GqlBody<T> {
  status: number;
  headers: Headers;
}

export function codes(reply: GqlReply): string[] {
  return (reply.errors ?? []).map((e) => e.extensions?.code ?? '?');
}

/** Signs in through the development form (no Google) and returns the browser holding the cookie. */
export async function devSignIn(bffUrl: string, email: string): Promise<Browser> {
  const b = new Browser(bffUrl);
  const res = await b.request(`${bffUrl}/auth/dev`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  if (res.status !== 204) throw new Error(`dev sign-in failed: ${res.status} ${await res.text()}`);
  return b;
}

export interface StudioPeople {
  studioId: string;
  owner: Browser;
  member: Browser;
  outsider: Browser;
}

/**
 * Three people signed in through the development form: the owner of a new studio `name`, a
 * MEMBER of it, and an outsider who owns another studio and nothing of this one.
 */
export async function studioWithPeople(bffUrl: string, name: string): Promise<StudioPeople> {
  const domain = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example`;
  const [owner, member, outsider] = await Promise.all([
    devSignIn(bffUrl, `owner@${domain}`),
    devSignIn(bffUrl, `member@${domain}`),
    devSignIn(bffUrl, 'outsider@elsewhere.example'),
  ]);
  const created = await owner.graphql('mutation($n: String!) { createStudio(input: { name: $n }) { id } }', {
    n: name,
  });
  const studioId: string = created.data.createStudio.id;
  await outsider.graphql('mutation { createStudio(input: { name: "Elsewhere" }) { id } }');
  const added = await owner.graphql(
    'mutation($s: ID!, $e: String!) { addStudioMember(input: { studioId: $s, email: $e, role: MEMBER }) { status } }',
    { s: studioId, e: `member@${domain}` },
  );
  if (added.data?.addStudioMember.status !== 'member')
    throw new Error(`adding the member failed: ${codes(added)}`);
  return { studioId, owner, member, outsider };
}

/** A game of the studio, created by `owner` (an admin or owner): its id. */
export async function createGame(owner: Browser, studioId: string, name: string): Promise<string> {
  const r = await owner.graphql(
    'mutation($s: ID!, $n: String!) { createGame(input: { studioId: $s, name: $n }) { id } }',
    {
      s: studioId,
      n: name,
    },
  );
  return r.data.createGame.id;
}

/** A client of the game, created by `owner`: its id. */
export async function createGameClient(
  owner: Browser,
  game: { studioId: string; gameId: string },
  name: string,
  platform = 'UNITY',
): Promise<string> {
  const r = await owner.graphql(
    'mutation($input: CreateGameClientInput!) { createGameClient(input: $input) { id } }',
    { input: { ...game, name, platform } },
  );
  return r.data.createGameClient.id;
}

/** Core's answer to ingestion's key check (`/internal/api-keys/validate`) for `key`. */
export function validateApiKey(coreUrl: string, key: string) {
  return unwrap(
    createCoreClient({ baseUrl: coreUrl, serviceToken: SERVICE_TOKEN }).POST('/internal/api-keys/validate', {
      body: { key },
    }),
  );
}

/** The stable `code` of a problem-details response (the /auth routes). */
export async function problemCode(res: Response): Promise<string> {
  return ((await res.json()) as { code: string }).code;
}
