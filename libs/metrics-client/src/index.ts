export {
  createMetricsClient,
  type ActivePlayersResponse,
  type Bucket,
  type ErrorsResponse,
  type EventsQuery,
  type EventsResponse,
  type MetricsClient,
  type MetricsClientOptions,
  type NewPlayersResponse,
  type OnlineNowResponse,
  type ProgressionResponse,
  type RangeQuery,
  type RevenueResponse,
  type SeriesQuery,
  type SessionsResponse,
  type SummaryQuery,
  type SummaryResponse,
  type TopEventsQuery,
  type TopEventsResponse,
} from './client';
export {
  MetricsClientError,
  MetricsNotFoundError,
  MetricsRequestError,
  MetricsUnavailableError,
  type MetricsProblem,
} from './errors';
export type { components as MetricsSchemas, paths as MetricsPaths } from './generated/metrics';
