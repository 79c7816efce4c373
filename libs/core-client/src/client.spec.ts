import { CoreClientError, CoreUnavailableError, createCoreClient, unwrap } from './index';

const STUDIO_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

/** A fetch that records requests and answers from a script: no network involved. */
function scriptedFetch(answer: (req: Request) => Response | Promise<Response>) {
  const seen: Request[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const req = input instanceof Request ? input : new Request(input, init);
    seen.push(req);
    return answer(req);
  };
  return { fetch: fetch as typeof globalThis.fetch, seen };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('createCoreClient', () => {
  it('sends the service token, the user id and the request id, and returns typed data', async () => {
    const f = scriptedFetch(() =>
      json(200, { id: STUDIO_ID, name: 'Acme', role: 'owner', createdAt: 'x', updatedAt: 'x' }),
    );
    const core = createCoreClient({
      baseUrl: 'http://core.test/',
      serviceToken: 'svc-token-0123456789',
      userId: 'user-1',
      fetch: f.fetch,
      requestId: () => 'req-42',
    });
    const studio = await unwrap(
      core.GET('/studios/{studioId}', { params: { path: { studioId: STUDIO_ID } } }),
    );
    expect(studio.name).toBe('Acme');
    const req = f.seen[0]!;
    expect(req.url).toBe(`http://core.test/studios/${STUDIO_ID}`);
    expect(req.headers.get('x-service-token')).toBe('svc-token-0123456789');
    expect(req.headers.get('x-user-id')).toBe('user-1');
    expect(req.headers.get('x-request-id')).toBe('req-42');
  });

  it('lets one call act for another user through a header', async () => {
    const f = scriptedFetch(() => json(200, { items: [] }));
    const core = createCoreClient({
      baseUrl: 'http://core.test',
      serviceToken: 's',
      userId: 'default-user',
      fetch: f.fetch,
    });
    await core.GET('/studios', { headers: { 'x-user-id': 'other-user' } });
    expect(f.seen[0]!.headers.get('x-user-id')).toBe('other-user');
  });

  it('throws CoreClientError with the problem code and field errors on a 4xx', async () => {
    const problem = {
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: 'The request is not valid',
      errors: [{ field: 'name', code: 'isNotEmpty', message: 'name should not be empty' }],
    };
    const core = createCoreClient({
      baseUrl: 'http://core.test',
      serviceToken: 's',
      fetch: scriptedFetch(() => json(400, problem)).fetch,
    });
    const err = await core.POST('/studios', { body: { name: '' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoreClientError);
    expect(err).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'The request is not valid',
    });
    expect((err as CoreClientError).fieldErrors).toEqual(problem.errors);
  });

  it('throws CoreUnavailableError with Retry-After on a 503', async () => {
    const f = scriptedFetch(() =>
      json(503, { code: 'DATABASE_UNAVAILABLE', detail: 'down' }, { 'retry-after': '5' }),
    );
    const core = createCoreClient({ baseUrl: 'http://core.test', serviceToken: 's', fetch: f.fetch });
    const err = await core
      .POST('/internal/api-keys/validate', { body: { key: 'k' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoreUnavailableError);
    expect(err).toMatchObject({ code: 'DATABASE_UNAVAILABLE', status: 503, retryAfterSeconds: 5 });
  });

  it('treats any 5xx without a problem body as unavailable', async () => {
    const f = scriptedFetch(() => new Response('Bad gateway', { status: 502 }));
    const core = createCoreClient({ baseUrl: 'http://core.test', serviceToken: 's', fetch: f.fetch });
    await expect(core.GET('/health/ready')).rejects.toMatchObject({
      name: 'CoreUnavailableError',
      code: 'HTTP_502',
      status: 502,
    });
  });

  it('throws CoreUnavailableError (CORE_UNREACHABLE) when the network fails', async () => {
    const f = scriptedFetch(() => {
      throw new TypeError('fetch failed');
    });
    const core = createCoreClient({ baseUrl: 'http://core.test', serviceToken: 's', fetch: f.fetch });
    const err = await core.GET('/studios').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoreUnavailableError);
    expect(err).toMatchObject({ code: 'CORE_UNREACHABLE', status: undefined });
  });

  it('throws CoreUnavailableError (CORE_TIMEOUT) when core does not answer in time', async () => {
    const f = scriptedFetch(
      (req) =>
        new Promise<Response>((_resolve, reject) => {
          req.signal.addEventListener('abort', () => reject(req.signal.reason));
        }),
    );
    const core = createCoreClient({
      baseUrl: 'http://core.test',
      serviceToken: 's',
      fetch: f.fetch,
      timeoutMs: 50,
    });
    await expect(core.GET('/studios')).rejects.toMatchObject({
      name: 'CoreUnavailableError',
      code: 'CORE_TIMEOUT',
    });
  });

  it('returns undefined data for 204 answers', async () => {
    const f = scriptedFetch(() => new Response(null, { status: 204 }));
    const core = createCoreClient({ baseUrl: 'http://core.test', serviceToken: 's', fetch: f.fetch });
    const result = await unwrap(
      core.DELETE('/studios/{studioId}', {
        params: { path: { studioId: STUDIO_ID }, query: { force: true } },
      }),
    );
    expect(result).toBeUndefined();
    expect(f.seen[0]!.url).toBe(`http://core.test/studios/${STUDIO_ID}?force=true`);
  });
});
