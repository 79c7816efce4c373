// Typed client of the metrics service for the BFF: openapi-fetch on the types openapi-typescript
// generates from apps/metrics/openapi.json (tools/codegen/metrics.sh). Every method returns the
// answer or throws one of the errors in errors.ts, so callers handle failures by class.
import createClient from 'openapi-fetch';
import {
  MetricsNotFoundError,
  MetricsRequestError,
  MetricsUnavailableError,
  type MetricsProblem,
} from './errors';
import type { components, operations, paths } from './generated/metrics';

type Schemas = components['schemas'];
type QueryOf<K extends keyof operations> = NonNullable<operations[K]['parameters']['query']>;

export type Bucket = Schemas['Bucket'];
export type EventsQuery = QueryOf<'GamesMetrics_events'>;
export type TopEventsQuery = QueryOf<'GamesMetrics_topEvents'>;
export type SeriesQuery = QueryOf<'GamesMetrics_activePlayers'>;
export type RangeQuery = QueryOf<'GamesMetrics_progression'>;
export type SummaryQuery = QueryOf<'GamesMetrics_summary'>;
export type EventsResponse = Schemas['EventsResponseDto'];
export type TopEventsResponse = Schemas['TopEventsResponseDto'];
export type ActivePlayersResponse = Schemas['ActivePlayersResponseDto'];
export type OnlineNowResponse = Schemas['OnlineNowResponseDto'];
export type NewPlayersResponse = Schemas['NewPlayersResponseDto'];
export type SessionsResponse = Schemas['SessionsResponseDto'];
export type ProgressionResponse = Schemas['ProgressionResponseDto'];
export type RevenueResponse = Schemas['RevenueResponseDto'];
export type ErrorsResponse = Schemas['ErrorsResponseDto'];
export type SummaryResponse = Schemas['SummaryResponseDto'];

export interface MetricsClientOptions {
  /** e.g. http://127.0.0.1:3003 */
  baseUrl: string;
  /** The shared service credential (SERVICE_TOKEN), sent as X-Service-Token. */
  serviceToken: string;
  /** A fetch to use instead of the global one (tests, instrumentation). */
  fetch?: (input: Request) => Promise<Response>;
  /** Per request; a slower answer throws MetricsUnavailableError (TIMEOUT). Default 5000 ms. */
  timeoutMs?: number;
  /** The caller's request id, forwarded as X-Request-Id so one id follows a request across services. */
  requestId?: () => string | undefined;
}

export interface MetricsClient {
  events(gameId: string, query?: EventsQuery): Promise<EventsResponse>;
  topEvents(gameId: string, query?: TopEventsQuery): Promise<TopEventsResponse>;
  activePlayers(gameId: string, query?: SeriesQuery): Promise<ActivePlayersResponse>;
  onlineNow(gameId: string): Promise<OnlineNowResponse>;
  newPlayers(gameId: string, query?: SeriesQuery): Promise<NewPlayersResponse>;
  sessions(gameId: string, query?: SeriesQuery): Promise<SessionsResponse>;
  progression(gameId: string, query?: RangeQuery): Promise<ProgressionResponse>;
  revenue(gameId: string, query?: SeriesQuery): Promise<RevenueResponse>;
  errors(gameId: string, query?: SeriesQuery): Promise<ErrorsResponse>;
  summary(gameId: string, query?: SummaryQuery): Promise<SummaryResponse>;
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export function createMetricsClient(options: MetricsClientOptions): MetricsClient {
  const timeoutMs = options.timeoutMs ?? 5000;
  const api = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/$/, ''),
    headers: { 'x-service-token': options.serviceToken },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  async function call<T>(
    what: string,
    send: (init: { signal: AbortSignal; headers: Record<string, string> }) => Promise<Answer<T>>,
  ): Promise<T> {
    const requestId = options.requestId?.();
    const headers: Record<string, string> = requestId ? { 'x-request-id': requestId } : {};
    let answer: Answer<T>;
    try {
      answer = await send({ signal: AbortSignal.timeout(timeoutMs), headers });
    } catch (err) {
      const timedOut =
        err instanceof DOMException && (err.name === 'TimeoutError' || err.name === 'AbortError');
      throw new MetricsUnavailableError(
        timedOut
          ? `metrics ${what}: no answer within ${timeoutMs} ms`
          : `metrics ${what}: ${(err as Error).message}`,
        undefined,
        timedOut ? 'TIMEOUT' : 'NETWORK_ERROR',
        undefined,
        undefined,
        { cause: err },
      );
    }
    const { data, error, response } = answer;
    if (response.ok && data !== undefined) return data;
    throw toError(what, response, error);
  }

  const path = (gameId: string) => ({ gameId });
  return {
    events: (gameId, query) =>
      call('events', (init) =>
        api.GET('/v1/games/{gameId}/events', { params: { path: path(gameId), query }, ...init }),
      ),
    topEvents: (gameId, query) =>
      call('top-events', (init) =>
        api.GET('/v1/games/{gameId}/top-events', { params: { path: path(gameId), query }, ...init }),
      ),
    activePlayers: (gameId, query) =>
      call('active-players', (init) =>
        api.GET('/v1/games/{gameId}/active-players', { params: { path: path(gameId), query }, ...init }),
      ),
    onlineNow: (gameId) =>
      call('online-now', (init) =>
        api.GET('/v1/games/{gameId}/online-now', { params: { path: path(gameId) }, ...init }),
      ),
    newPlayers: (gameId, query) =>
      call('new-players', (init) =>
        api.GET('/v1/games/{gameId}/new-players', { params: { path: path(gameId), query }, ...init }),
      ),
    sessions: (gameId, query) =>
      call('sessions', (init) =>
        api.GET('/v1/games/{gameId}/sessions', { params: { path: path(gameId), query }, ...init }),
      ),
    progression: (gameId, query) =>
      call('progression', (init) =>
        api.GET('/v1/games/{gameId}/progression', { params: { path: path(gameId), query }, ...init }),
      ),
    revenue: (gameId, query) =>
      call('revenue', (init) =>
        api.GET('/v1/games/{gameId}/revenue', { params: { path: path(gameId), query }, ...init }),
      ),
    errors: (gameId, query) =>
      call('errors', (init) =>
        api.GET('/v1/games/{gameId}/errors', { params: { path: path(gameId), query }, ...init }),
      ),
    summary: (gameId, query) =>
      call('summary', (init) =>
        api.GET('/v1/games/{gameId}/summary', { params: { path: path(gameId), query }, ...init }),
      ),
  };
}

function isProblem(value: unknown): value is MetricsProblem {
  return (
    typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string'
  );
}

function toError(what: string, response: Response, body: unknown): Error {
  const problem = isProblem(body) ? body : undefined;
  const code = problem?.code ?? `HTTP_${response.status}`;
  const message = `metrics ${what}: ${response.status} ${code}${problem?.detail ? `: ${problem.detail}` : ''}`;
  if (response.status >= 500 || response.status === 429) {
    const retryAfter = Number(response.headers.get('retry-after'));
    return new MetricsUnavailableError(
      message,
      response.status,
      code,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
      problem,
    );
  }
  if (response.status === 404) return new MetricsNotFoundError(message, response.status, code, problem);
  return new MetricsRequestError(message, response.status, code, problem);
}
