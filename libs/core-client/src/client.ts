import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './generated/core';

export type CorePaths = paths;
export type CoreSchemas = components['schemas'];
/** The typed openapi-fetch client of core: `core.GET('/studios/{studioId}', { params: { path: { studioId } } })`. */
export type CoreClient = Client<paths>;

export interface CoreClientOptions {
  /** e.g. http://127.0.0.1:3001 */
  baseUrl: string;
  /** The shared service credential (SERVICE_TOKEN), sent as x-service-token on every call. */
  serviceToken: string;
  /**
   * The core user id to act for (x-user-id) on every call of this client. Alternatively pass
   * `headers: { 'x-user-id': id }` per call, or make one client per request.
   */
  userId?: string;
  /** Replaces globalThis.fetch (tests, instrumentation). */
  fetch?: typeof globalThis.fetch;
  /** Per-call time limit; a call that exceeds it fails with CoreUnavailableError (CORE_TIMEOUT). Default 5000 ms. */
  timeoutMs?: number;
  /** Returns the current request id to forward as x-request-id, so one id follows a request across services. */
  requestId?: () => string | undefined;
}

/** Problem details as core sends them. */
export interface CoreProblem {
  type?: string;
  title?: string;
  status?: number;
  code?: string;
  detail?: string;
  requestId?: string;
  errors?: { field: string; code: string; message: string }[];
  [k: string]: unknown;
}

/** Core answered with a 4xx: the caller did something core refuses. `code` is core's stable code. */
export class CoreClientError extends Error {
  override readonly name = 'CoreClientError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problem: CoreProblem,
  ) {
    super(message);
  }

  /** Field-level details of VALIDATION_FAILED. */
  get fieldErrors(): { field: string; code: string; message: string }[] {
    return this.problem.errors ?? [];
  }
}

/**
 * Core could not answer: unreachable, timed out, or a 5xx (e.g. DATABASE_UNAVAILABLE). Callers
 * answer their own clients 503 with Retry-After (retryAfterSeconds when core gave one).
 */
export class CoreUnavailableError extends Error {
  override readonly name = 'CoreUnavailableError';

  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
    readonly retryAfterSeconds?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isCoreClientError(e: unknown, code?: string): e is CoreClientError {
  return e instanceof CoreClientError && (code === undefined || e.code === code);
}

async function readProblem(response: Response): Promise<CoreProblem> {
  try {
    const body: unknown = await response.clone().json();
    return body && typeof body === 'object' ? (body as CoreProblem) : {};
  } catch {
    return {};
  }
}

function retryAfter(response: Response): number | undefined {
  const value = response.headers.get('retry-after');
  if (value === null) return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Turns a non-2xx response into the matching error (also used by unwrap()). */
export async function toCoreError(response: Response): Promise<CoreClientError | CoreUnavailableError> {
  const problem = await readProblem(response);
  const code = typeof problem.code === 'string' ? problem.code : `HTTP_${response.status}`;
  const message = typeof problem.detail === 'string' ? problem.detail : `core answered ${response.status}`;
  if (response.status >= 500)
    return new CoreUnavailableError(code, message, response.status, retryAfter(response));
  return new CoreClientError(response.status, code, message, problem);
}

function isTimeout(e: unknown): boolean {
  // Duck-typed: the DOMException of AbortSignal.timeout may come from another realm.
  const name = typeof e === 'object' && e !== null ? (e as { name?: unknown }).name : undefined;
  return name === 'TimeoutError' || name === 'AbortError';
}

/**
 * A typed client for core (generated from apps/core/openapi.json) on openapi-fetch. Every call
 * carries the service credential (and x-user-id when `userId` is set). Failures throw: a 4xx
 * is a CoreClientError with core's code, a 5xx, a timeout or a network error is a
 * CoreUnavailableError. So `const { data } = await core.GET(...)` has data on success; use
 * unwrap() to get it typed as present.
 */
export function createCoreClient(opts: CoreClientOptions): CoreClient {
  const baseFetch = opts.fetch ?? globalThis.fetch;
  const timeoutMs = opts.timeoutMs ?? 5000;
  const client = createClient<paths>({
    baseUrl: opts.baseUrl.replace(/\/$/, ''),
    // Each call gets its own deadline (a client-wide AbortSignal would expire once for all).
    fetch: (request: Request) => baseFetch(new Request(request, { signal: AbortSignal.timeout(timeoutMs) })),
  });
  const middleware: Middleware = {
    onRequest({ request }) {
      request.headers.set('x-service-token', opts.serviceToken);
      if (opts.userId && !request.headers.has('x-user-id')) request.headers.set('x-user-id', opts.userId);
      const requestId = opts.requestId?.();
      if (requestId) request.headers.set('x-request-id', requestId);
      return request;
    },
    async onResponse({ response }) {
      if (!response.ok) throw await toCoreError(response);
      return undefined;
    },
    onError({ error }) {
      if (error instanceof CoreClientError || error instanceof CoreUnavailableError) return error;
      if (isTimeout(error)) {
        return new CoreUnavailableError(
          'CORE_TIMEOUT',
          `core did not answer within ${timeoutMs} ms`,
          undefined,
          undefined,
          { cause: error },
        );
      }
      return new CoreUnavailableError(
        'CORE_UNREACHABLE',
        `core is unreachable: ${(error as Error)?.message ?? String(error)}`,
        undefined,
        undefined,
        {
          cause: error,
        },
      );
    },
  };
  client.use(middleware);
  return client;
}

type Success<R> = R extends { data: infer D; error?: never } ? D : never;

/**
 * Awaits an openapi-fetch call and returns its data, typed as present:
 * `const studio = await unwrap(core.GET('/studios/{studioId}', { params: { path: { studioId } } }))`.
 * (With createCoreClient's middleware, failures have already thrown; this also covers clients
 * made without it.)
 */
export async function unwrap<R extends { data?: unknown; error?: unknown; response: Response }>(
  call: Promise<R>,
): Promise<Success<R>> {
  const result = await call;
  if (!result.response.ok) throw await toCoreError(result.response);
  return result.data as Success<R>;
}
