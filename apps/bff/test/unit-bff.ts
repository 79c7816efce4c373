// The BFF in-process with its production wiring but core and metrics replaced by the in-memory
// fakes (fakes.ts): the unit tier's tests through HTTP, no network beyond loopback.
import type { INestApplication } from '@nestjs/common';
import { createLogger, createServiceApp } from '@gt/service-kit';
import { loadBffConfig } from '../src/config';
import { bffService } from '../src/service';
import { type FakeCore, FakeMetrics } from './fakes';

export interface GqlReply {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped GraphQL data in tests
  data?: any;
  errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[];
}

export interface FakeBff {
  app: INestApplication;
  url: string;
  /** One GraphQL request over HTTP, signed in with the session cookie when one is given. */
  gql(session: string | undefined, query: string, variables?: Record<string, unknown>): Promise<GqlReply>;
  close(): Promise<void>;
}

export async function startFakeBff(
  core: FakeCore,
  metrics: FakeMetrics = new FakeMetrics(),
  env: Record<string, string> = {},
): Promise<FakeBff> {
  const config = loadBffConfig({
    NODE_ENV: 'test',
    SERVICE_TOKEN: 'unit-test-service-token-123',
    SESSION_CACHE_SECONDS: '0',
    RATE_LIMIT_PER_MINUTE: '1000',
    ...env,
  });
  const logger = createLogger('bff', 'silent');
  const app = await createServiceApp(bffService({ core, metrics, logger }), config, { logger });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  return {
    app,
    url,
    async gql(session, query, variables = {}) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(session ? { cookie: `gt_session=${session}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, headers: res.headers, ...((await res.json()) as object) };
    },
    close: () => app.close(),
  };
}

/** The `extensions.code` of every error of a reply, in order. */
export function codes(reply: Pick<GqlReply, 'errors'>): unknown[] {
  return (reply.errors ?? []).map((e) => e.extensions?.code);
}
