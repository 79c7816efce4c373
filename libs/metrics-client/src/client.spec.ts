import { createMetricsClient } from './client';
import { MetricsNotFoundError, MetricsRequestError, MetricsUnavailableError } from './errors';

const GAME = '5d2c8e44-93b1-4b6a-8f3e-2a9c6d1e0f02';

function fakeFetch(respond: (req: Request) => Response | Promise<Response>) {
  const seen: Request[] = [];
  const fetch = async (req: Request) => {
    seen.push(req);
    return respond(req);
  };
  return { fetch, seen };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const problem = (status: number, code: string, extra: object = {}, headers: Record<string, string> = {}) =>
  new Response(
    JSON.stringify({ status, code, title: 'x', type: `urn:gt:error:${code}`, detail: 'why', ...extra }),
    {
      status,
      headers: { 'content-type': 'application/problem+json', ...headers },
    },
  );

describe('createMetricsClient', () => {
  it('calls the route with the credential, the request id and the query, and returns the answer', async () => {
    const answer = { gameId: GAME, at: '2026-11-24T10:00:00.000Z', windowSeconds: 300, players: 7 };
    const f = fakeFetch(() => json(200, answer));
    const client = createMetricsClient({
      baseUrl: 'http://metrics:3003/',
      serviceToken: 'token-token-token',
      fetch: f.fetch,
      requestId: () => 'req-1',
    });
    await expect(client.onlineNow(GAME)).resolves.toEqual(answer);
    await client.events(GAME, { bucket: '1d', by: 'name', tz: 'Europe/Paris', from: '2026-11-01T00:00:00Z' });
    const [first, second] = f.seen;
    expect(first!.url).toBe(`http://metrics:3003/v1/games/${GAME}/online-now`);
    expect(first!.headers.get('x-service-token')).toBe('token-token-token');
    expect(first!.headers.get('x-request-id')).toBe('req-1');
    const url = new URL(second!.url);
    expect(url.pathname).toBe(`/v1/games/${GAME}/events`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      bucket: '1d',
      by: 'name',
      tz: 'Europe/Paris',
      from: '2026-11-01T00:00:00Z',
    });
  });

  it('throws MetricsRequestError with the problem for a 400', async () => {
    const f = fakeFetch(() =>
      problem(400, 'TOO_MANY_BUCKETS', {
        errors: [{ field: 'bucket', code: 'TOO_MANY_BUCKETS', message: 'm' }],
      }),
    );
    const client = createMetricsClient({ baseUrl: 'http://m', serviceToken: 't', fetch: f.fetch });
    const err = await client.sessions(GAME, { bucket: '1m' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MetricsRequestError);
    expect(err).toMatchObject({
      status: 400,
      code: 'TOO_MANY_BUCKETS',
      problem: { errors: [{ field: 'bucket' }] },
    });
    expect(err).not.toBeInstanceOf(MetricsUnavailableError);
  });

  it('throws MetricsNotFoundError for a 404 (what services before the zero answers said for a game without events)', async () => {
    const f = fakeFetch(() => problem(404, 'GAME_NOT_FOUND'));
    const client = createMetricsClient({ baseUrl: 'http://m', serviceToken: 't', fetch: f.fetch });
    await expect(client.summary(GAME)).rejects.toBeInstanceOf(MetricsNotFoundError);
    await expect(client.summary(GAME)).rejects.toMatchObject({ code: 'GAME_NOT_FOUND', status: 404 });
  });

  it('throws MetricsUnavailableError for a 503 with its Retry-After, a 500 and a network failure', async () => {
    const client = (respond: () => Response | Promise<Response>) =>
      createMetricsClient({ baseUrl: 'http://m', serviceToken: 't', fetch: fakeFetch(respond).fetch });
    await expect(
      client(() => problem(503, 'METRICS_STORE_UNAVAILABLE', {}, { 'retry-after': '5' })).revenue(GAME),
    ).rejects.toMatchObject({
      name: 'MetricsUnavailableError',
      status: 503,
      code: 'METRICS_STORE_UNAVAILABLE',
      retryAfterSeconds: 5,
    });
    await expect(client(() => new Response('oops', { status: 500 })).errors(GAME)).rejects.toMatchObject({
      name: 'MetricsUnavailableError',
      status: 500,
    });
    await expect(
      client(() => Promise.reject(new TypeError('fetch failed: ECONNREFUSED'))).progression(GAME),
    ).rejects.toMatchObject({ name: 'MetricsUnavailableError', status: undefined, code: 'NETWORK_ERROR' });
  });

  it('gives up after the timeout', async () => {
    const f = fakeFetch(
      (req) =>
        new Promise<Response>((_, reject) => {
          req.signal.addEventListener('abort', () => reject(req.signal.reason));
        }),
    );
    const client = createMetricsClient({
      baseUrl: 'http://m',
      serviceToken: 't',
      fetch: f.fetch,
      timeoutMs: 50,
    });
    await expect(client.newPlayers(GAME)).rejects.toMatchObject({
      name: 'MetricsUnavailableError',
      code: 'TIMEOUT',
    });
  });
});
