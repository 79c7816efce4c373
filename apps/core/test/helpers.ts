// Integration-test helpers: a uniquely named database per test file on the project's own
// PostgreSQL (5433), core started in-process on an ephemeral port with the production wiring,
// and a tiny HTTP client. Nothing here mocks anything.
import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { createCoreClient, unwrap, type CoreClient, type CorePlatform } from '@gt/core-client';
import { createLogger, createServiceApp, localInfra } from '@gt/service-kit';
import { loadCoreConfig, type CoreConfig } from '../src/config';
import type { CoreModuleOptions } from '../src/core.module';
import { coreService } from '../src/service';

export const SERVICE_TOKEN = 'core-test-service-token-0123456789';

/** postgres://.../<db> on the project's cluster (never the machine's 5432). */
export function databaseUrl(name: string): string {
  const u = new URL(localInfra().postgresUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export interface TestDatabase {
  name: string;
  url: string;
  /** Runs SQL directly against the test database (for assertions that look under the API). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

export async function createTestDatabase(prefix = 'core_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: localInfra().postgresUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(name);
  let client: Client | null = null;
  return {
    name,
    url,
    async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      if (!client) {
        client = new Client({ connectionString: url });
        await client.connect();
      }
      return (await client.query(sql, params)).rows as T[];
    },
    async drop(): Promise<void> {
      if (client) await client.end().catch(() => undefined);
      client = null;
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

export interface RunningCore {
  app: INestApplication;
  baseUrl: string;
  config: CoreConfig;
  api: Api;
  close(): Promise<void>;
}

export async function startCore(
  databaseUrlValue: string,
  opts: { env?: Record<string, string>; module?: CoreModuleOptions } = {},
): Promise<RunningCore> {
  const config = loadCoreConfig({
    NODE_ENV: 'test',
    SERVICE_TOKEN,
    DATABASE_URL: databaseUrlValue,
    DATABASE_STARTUP_WAIT_SECONDS: '5',
    ...opts.env,
  });
  const def = coreService(opts.module);
  const app = await createServiceApp(def, config, {
    logger: createLogger('core', process.env.CORE_TEST_LOG ?? 'silent'),
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return { app, baseUrl, config, api: new Api(baseUrl), close: () => app.close() };
}

/** Replies are untyped JSON in these tests; the typed client (libs/core-client) has its own tests. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Reply<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}

/** Calls core the way the BFF does: service token always, x-user-id when acting for a user. */
export class Api {
  constructor(
    readonly baseUrl: string,
    readonly userId?: string,
    readonly token: string | null = SERVICE_TOKEN,
  ) {}

  as(userId: string): Api {
    return new Api(this.baseUrl, userId, this.token);
  }

  withoutToken(): Api {
    return new Api(this.baseUrl, this.userId, null);
  }

  withToken(token: string): Api {
    return new Api(this.baseUrl, this.userId, token);
  }

  async request<T = Json>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
    const headers: Record<string, string> = {};
    if (this.token !== null) headers['x-service-token'] = this.token;
    if (this.userId) headers['x-user-id'] = this.userId;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = Json>(path: string): Promise<Reply<T>> {
    return this.request<T>('GET', path);
  }
  post<T = Json>(path: string, body?: unknown): Promise<Reply<T>> {
    return this.request<T>('POST', path, body ?? {});
  }
  patch<T = Json>(path: string, body?: unknown): Promise<Reply<T>> {
    return this.request<T>('PATCH', path, body ?? {});
  }
  delete<T = Json>(path: string, body?: unknown): Promise<Reply<T>> {
    return this.request<T>('DELETE', path, body);
  }
}

/** Signs a user in the way the BFF does after Google: returns their core user id. */
export async function signIn(api: Api, email: string, name = email.split('@')[0]!): Promise<string> {
  const r = await api.post('/internal/users/google', { googleSubject: `test|${email}`, email, name });
  if (r.status !== 200) throw new Error(`sign-in of ${email} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.id as string;
}

export function expectStatus(r: Reply, status: number, code?: string): void {
  if (r.status !== status || (code !== undefined && r.body?.code !== code)) {
    throw new Error(
      `expected ${status}${code ? ` ${code}` : ''}, got ${r.status}: ${JSON.stringify(r.body)}`,
    );
  }
}

/** A studio with one game, one client, one key and one rule, owned by `owner`. */
export async function seedStudio(api: Api, owner: string, label: string) {
  const as = api.as(owner);
  const studio = (await as.post('/studios', { name: `${label} Studio` })).body;
  const game = (await as.post(`/studios/${studio.id}/games`, { name: `${label} Game` })).body;
  const client = (
    await as.post(`/studios/${studio.id}/games/${game.id}/clients`, {
      name: `${label} PC`,
      platform: 'unity',
    })
  ).body;
  const key = (
    await as.post(`/studios/${studio.id}/games/${game.id}/clients/${client.id}/api-keys`, {
      name: `${label} key`,
    })
  ).body;
  const rule = (
    await as.post(`/studios/${studio.id}/games/${game.id}/alert-rules`, {
      name: `${label} 100 players`,
      kind: 'players_reached',
      threshold: 100,
      recipients: [`${label.toLowerCase()}@example.com`],
    })
  ).body;
  for (const [what, v] of Object.entries({ studio, game, client, key, rule })) {
    if (!v?.id && !v?.apiKey) throw new Error(`seeding ${label}: ${what} failed: ${JSON.stringify(v)}`);
  }
  return { studio, game, client, key, rule };
}

/**
 * A signed-in user acting through the typed client, with a studio, a game and one game client
 * of their own (names from `label`).
 */
export async function typedGameClient(
  core: RunningCore,
  email: string,
  label: string,
  platform: CorePlatform,
): Promise<{
  client: CoreClient;
  userId: string;
  ids: { studioId: string; gameId: string; clientId: string };
}> {
  const userId = await signIn(core.api, email);
  const client = createCoreClient({ baseUrl: core.baseUrl, serviceToken: SERVICE_TOKEN, userId });
  const studio = await unwrap(client.POST('/studios', { body: { name: `${label} Studio` } }));
  const game = await unwrap(
    client.POST('/studios/{studioId}/games', {
      params: { path: { studioId: studio.id } },
      body: { name: `${label} Game` },
    }),
  );
  const gc = await unwrap(
    client.POST('/studios/{studioId}/games/{gameId}/clients', {
      params: { path: { studioId: studio.id, gameId: game.id } },
      body: { name: `${label} ${platform}`, platform },
    }),
  );
  return { client, userId, ids: { studioId: studio.id, gameId: game.id, clientId: gc.id } };
}
