import { Inject, Injectable } from '@nestjs/common';
import {
  createMetricsClient,
  type MetricsClient,
  MetricsNotFoundError,
  MetricsRequestError,
  type MetricsSchemas,
  MetricsUnavailableError,
} from '@gt/metrics-client';
import { currentRequestId, DomainError } from '@gt/service-kit';
import type { Logger } from 'pino';
import { BFF_CONFIG, type BffConfig } from '../config';
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
  TopEvent,
} from '../dashboard/dashboard.models';
import { bffErrors } from '../graphql/errors';
import { BFF_LOGGER } from '../logger';
import { DownstreamMetrics } from './downstream-metrics';
import { MetricsGateway, type RangeQuery, type SeriesQuery } from './metrics.gateway';

type S = MetricsSchemas['schemas'];

const figures = (f: S['SummaryFiguresDto']) => ({ ...f, revenue: f.revenue.map((r) => ({ ...r })) });

/**
 * MetricsGateway on the generated @gt/metrics-client (one client per process, the service
 * credential on every call). Failures leave as domain errors: unreachable, timed out or 5xx
 * -> UPSTREAM_UNAVAILABLE; 400 (bad range, time zone, too many buckets) -> BAD_USER_INPUT with
 * metrics' code as the reason. Metrics answers a game without events with zeros, so no empty
 * answer is made up here: a 404 can only be a route this BFF knows and metrics does not (the two
 * deployed out of step), which is UPSTREAM_UNAVAILABLE for that series, never "no data".
 */
@Injectable()
export class MetricsClientGateway extends MetricsGateway {
  private readonly metrics: MetricsClient;

  constructor(
    @Inject(BFF_CONFIG) config: BffConfig,
    downstream: DownstreamMetrics,
    @Inject(BFF_LOGGER) private readonly logger: Logger,
  ) {
    super();
    this.metrics = createMetricsClient({
      baseUrl: config.METRICS_URL,
      serviceToken: config.SERVICE_TOKEN,
      timeoutMs: config.DOWNSTREAM_TIMEOUT_MS,
      requestId: currentRequestId,
      fetch: downstream.instrument('metrics'),
    });
  }

  private async call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (e instanceof MetricsUnavailableError) {
        this.logger.warn({ code: e.code, status: e.status }, 'metrics unavailable');
        throw bffErrors.unavailable('metrics');
      }
      if (e instanceof MetricsNotFoundError) {
        this.logger.error({ code: e.code }, 'metrics answered 404: is it older than this BFF?');
        throw bffErrors.unavailable('metrics');
      }
      if (e instanceof MetricsRequestError) {
        if (e.status === 401) {
          this.logger.error({ code: e.code }, 'metrics refused the BFF service credential');
          throw new Error(`metrics refused the service call: ${e.code}`);
        }
        throw new DomainError(e.code, e.problem?.detail ?? e.message, e.status ?? 400);
      }
      throw e;
    }
  }

  events(gameId: string, q: SeriesQuery & { by: EventsGrouping; limit?: number }): Promise<EventsOverTime> {
    return this.call(async () => {
      const r = await this.metrics.events(gameId, q);
      return { total: r.total, series: r.series };
    });
  }

  topEvents(gameId: string, q: RangeQuery & { limit: number }): Promise<TopEvent[]> {
    return this.call(async () => (await this.metrics.topEvents(gameId, q)).items);
  }

  activePlayers(gameId: string, q: SeriesQuery): Promise<PlayersSeries> {
    return this.call(async () => {
      const r = await this.metrics.activePlayers(gameId, q);
      return { total: null, points: r.points };
    });
  }

  onlineNow(gameId: string): Promise<OnlineNow> {
    return this.call(async () => {
      const r = await this.metrics.onlineNow(gameId);
      return { at: r.at, windowSeconds: r.windowSeconds, players: r.players };
    });
  }

  newPlayers(gameId: string, q: SeriesQuery): Promise<PlayersSeries> {
    return this.call(async () => {
      const r = await this.metrics.newPlayers(gameId, q);
      return { total: r.total, points: r.points };
    });
  }

  sessions(gameId: string, q: SeriesQuery): Promise<SessionsSeries> {
    return this.call(async () => {
      const r = await this.metrics.sessions(gameId, q);
      return { total: r.total, averageSeconds: r.averageSeconds, points: r.points };
    });
  }

  progression(gameId: string, q: RangeQuery): Promise<ProgressionLevel[]> {
    return this.call(async () => (await this.metrics.progression(gameId, q)).levels);
  }

  revenue(gameId: string, q: SeriesQuery): Promise<CurrencySeries[]> {
    return this.call(async () => (await this.metrics.revenue(gameId, q)).currencies);
  }

  errors(gameId: string, q: SeriesQuery): Promise<ErrorsSeries> {
    return this.call(async () => {
      const r = await this.metrics.errors(gameId, q);
      return { total: r.total, series: r.series };
    });
  }

  summary(gameId: string, q: RangeQuery): Promise<DashboardSummary> {
    return this.call(async () => {
      const r = await this.metrics.summary(gameId, q);
      return {
        generatedAt: r.generatedAt,
        onlineNow: r.onlineNow,
        totalPlayers: r.totalPlayers,
        today: figures(r.today),
        range: figures(r.range),
      };
    });
  }
}
