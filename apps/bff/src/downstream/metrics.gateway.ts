import type {
  CurrencySeries,
  DashboardSummary,
  ErrorsSeries,
  EventsGrouping,
  EventsOverTime,
  OnlineNow,
  PlayersSeries,
  ProgressionLevel,
  SessionsSeries,
  TimeBucket,
  TopEvent,
} from '../dashboard/dashboard.models';

/** A range as metrics takes it: ISO instants and an IANA time zone. */
export interface RangeQuery {
  from: string;
  to: string;
  tz: string;
}

export interface SeriesQuery extends RangeQuery {
  bucket: TimeBucket;
}

/**
 * Everything the BFF asks of the metrics service, one method per route of its query API
 * (GET /v1/games/{gameId}/<series>). The implementation (MetricsClientGateway) calls it
 * through the generated @gt/metrics-client; metrics unreachable or failing ->
 * UPSTREAM_UNAVAILABLE, its 400 -> BAD_USER_INPUT. Metrics does no authorization of its own:
 * the BFF only asks about games core has just shown the user.
 */
export abstract class MetricsGateway {
  abstract events(
    gameId: string,
    q: SeriesQuery & { by: EventsGrouping; limit?: number },
  ): Promise<EventsOverTime>;
  abstract topEvents(gameId: string, q: RangeQuery & { limit: number }): Promise<TopEvent[]>;
  abstract activePlayers(gameId: string, q: SeriesQuery): Promise<PlayersSeries>;
  abstract onlineNow(gameId: string): Promise<OnlineNow>;
  abstract newPlayers(gameId: string, q: SeriesQuery): Promise<PlayersSeries>;
  abstract sessions(gameId: string, q: SeriesQuery): Promise<SessionsSeries>;
  abstract progression(gameId: string, q: RangeQuery): Promise<ProgressionLevel[]>;
  abstract revenue(gameId: string, q: SeriesQuery): Promise<CurrencySeries[]>;
  abstract errors(gameId: string, q: SeriesQuery): Promise<ErrorsSeries>;
  abstract summary(gameId: string, q: RangeQuery): Promise<DashboardSummary>;
}
