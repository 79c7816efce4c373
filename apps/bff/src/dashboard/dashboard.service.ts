import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@gt/service-kit';
import type { Logger } from 'pino';
import { BFF_CONFIG, type BffConfig } from '../config';
import { CoreGateway } from '../downstream/core.gateway';
import { MetricsGateway, type RangeQuery, type SeriesQuery } from '../downstream/metrics.gateway';
import { bffErrors, ErrorCode } from '../graphql/errors';
import type { RequestScope } from '../graphql/request-scope';
import { BFF_LOGGER } from '../logger';
import type { Game } from '../models/core.models';
import {
  type CurrencySeries,
  type Dashboard,
  type DashboardRange,
  type DashboardSummary,
  type ErrorsSeries,
  EventsGrouping,
  type EventsOverTime,
  type LiveCounters,
  type OnlineNow,
  type PlayersSeries,
  type ProgressionLevel,
  RangePreset,
  type SessionsSeries,
  TimeBucket,
  type TopEvent,
} from './dashboard.models';
import { poll } from './poll';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const PRESET_MS: Record<RangePreset, number> = {
  [RangePreset.LAST_HOUR]: HOUR,
  [RangePreset.LAST_24_HOURS]: DAY,
  [RangePreset.LAST_7_DAYS]: 7 * DAY,
  [RangePreset.LAST_30_DAYS]: 30 * DAY,
  [RangePreset.LAST_90_DAYS]: 90 * DAY,
};
const MAX_RANGE_MS = 400 * DAY;

/**
 * A bucket that gives a readable chart (tens to a few hundred points) for a range, presets
 * included: last hour -> 1 min (60 points), 24 h -> 1 h (24), 7 d -> 6 h (28), 30 d and 90 d ->
 * 1 day (30, 90).
 */
export function defaultBucket(rangeMs: number): TimeBucket {
  if (rangeMs <= 2 * HOUR) return TimeBucket.ONE_MINUTE;
  if (rangeMs <= 12 * HOUR) return TimeBucket.FIFTEEN_MINUTES;
  if (rangeMs <= 3 * DAY) return TimeBucket.ONE_HOUR;
  if (rangeMs <= 14 * DAY) return TimeBucket.SIX_HOURS;
  return TimeBucket.ONE_DAY;
}

export function isTimeZone(tz: string): boolean {
  if (!tz || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves a dashboard's range once. A preset ends at `now` rounded up to the minute, so every
 * series of one request (and two aliases of the same dashboard) ask metrics the same question.
 */
export function resolveRange(range: DashboardRange, now: Date): { from: Date; to: Date } {
  if (range.last) {
    if (range.from || range.to) throw bffErrors.badInput('Give either `last` or `from` and `to`, not both');
    const to = new Date(Math.ceil(now.getTime() / MINUTE) * MINUTE);
    return { from: new Date(to.getTime() - PRESET_MS[range.last]), to };
  }
  if (!range.from || !range.to) throw bffErrors.badInput('Give `last`, or both `from` and `to`');
  const span = range.to.getTime() - range.from.getTime();
  if (span <= 0) throw bffErrors.badInput('`from` must be before `to`');
  if (span > MAX_RANGE_MS) throw bffErrors.badInput('A dashboard range may span at most 400 days');
  return { from: range.from, to: range.to };
}

/**
 * A game's dashboard: every series of the metrics API, each fetched on its own (so one failing
 * series fails alone), memoised per request, all started together by GraphQL's parallel field
 * execution. When metrics is down the series fields carry UPSTREAM_UNAVAILABLE and the core data
 * around them still comes back.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly metrics: MetricsGateway,
    private readonly core: CoreGateway,
    @Inject(BFF_CONFIG) private readonly config: BffConfig,
    @Inject(BFF_LOGGER) private readonly logger: Logger,
  ) {}

  open(
    scope: RequestScope,
    game: Game,
    range: DashboardRange,
    bucket?: TimeBucket,
    timeZone?: string,
  ): Dashboard {
    const tz = timeZone ?? 'UTC';
    if (!isTimeZone(tz)) throw bffErrors.badInput(`'${tz}' is not an IANA time zone (e.g. Europe/Paris)`);
    const { from, to } = resolveRange(range, scope.now);
    return {
      gameId: game.id,
      from,
      to,
      bucket: bucket ?? defaultBucket(to.getTime() - from.getTime()),
      timeZone: tz,
    };
  }

  summary(scope: RequestScope, d: Dashboard): Promise<DashboardSummary> {
    return this.load(scope, 'metrics.summary', d.gameId, range(d), (g, q) => this.metrics.summary(g, q));
  }

  events(scope: RequestScope, d: Dashboard, by: EventsGrouping, limit?: number): Promise<EventsOverTime> {
    const q = { ...series(d), by, ...(by === EventsGrouping.NAME && limit ? { limit } : {}) };
    return this.load(scope, 'metrics.events', d.gameId, q, (g, a) => this.metrics.events(g, a));
  }

  topEvents(scope: RequestScope, d: Dashboard, limit: number): Promise<TopEvent[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      throw bffErrors.badInput('limit must be between 1 and 100');
    return this.load(scope, 'metrics.top-events', d.gameId, { ...range(d), limit }, (g, q) =>
      this.metrics.topEvents(g, q),
    );
  }

  activePlayers(scope: RequestScope, d: Dashboard): Promise<PlayersSeries> {
    return this.load(scope, 'metrics.active-players', d.gameId, series(d), (g, q) =>
      this.metrics.activePlayers(g, q),
    );
  }

  onlineNow(scope: RequestScope, d: Pick<Dashboard, 'gameId'>): Promise<OnlineNow> {
    return this.load(scope, 'metrics.online-now', d.gameId, {}, (g) => this.metrics.onlineNow(g));
  }

  newPlayers(scope: RequestScope, d: Dashboard): Promise<PlayersSeries> {
    return this.load(scope, 'metrics.new-players', d.gameId, series(d), (g, q) =>
      this.metrics.newPlayers(g, q),
    );
  }

  sessions(scope: RequestScope, d: Dashboard): Promise<SessionsSeries> {
    return this.load(scope, 'metrics.sessions', d.gameId, series(d), (g, q) => this.metrics.sessions(g, q));
  }

  progression(scope: RequestScope, d: Dashboard): Promise<ProgressionLevel[]> {
    return this.load(scope, 'metrics.progression', d.gameId, range(d), (g, q) =>
      this.metrics.progression(g, q),
    );
  }

  revenue(scope: RequestScope, d: Dashboard): Promise<CurrencySeries[]> {
    return this.load(scope, 'metrics.revenue', d.gameId, series(d), (g, q) => this.metrics.revenue(g, q));
  }

  errors(scope: RequestScope, d: Dashboard): Promise<ErrorsSeries> {
    return this.load(scope, 'metrics.errors', d.gameId, series(d), (g, q) => this.metrics.errors(g, q));
  }

  /**
   * The live counters of a game, every LIVE_INTERVAL_SECONDS, for as long as the subscriber stays
   * and is still allowed: each tick re-checks the credential (revoked session: the stream ends
   * with UNAUTHENTICATED) and the game with core (removed from the studio: NOT_FOUND), then asks
   * metrics. A metrics hiccup skips a tick instead of ending the stream.
   */
  live(
    scope: RequestScope,
    studioId: string,
    gameId: string,
    timeZone = 'UTC',
  ): AsyncIterableIterator<LiveCounters | Error> {
    if (!isTimeZone(timeZone)) throw bffErrors.badInput(`'${timeZone}' is not an IANA time zone`);
    return poll(this.config.LIVE_INTERVAL_SECONDS * 1000, async () => {
      const { user } = await scope.refreshPrincipal();
      await this.core.getGame(user.id, studioId, gameId);
      const now = new Date();
      try {
        const s = await this.metrics.summary(gameId, {
          from: new Date(now.getTime() - HOUR).toISOString(),
          to: now.toISOString(),
          tz: timeZone,
        });
        return {
          gameId,
          at: s.generatedAt,
          onlineNow: s.onlineNow,
          eventsToday: s.today.events,
          activePlayersToday: s.today.activePlayers,
          newPlayersToday: s.today.newPlayers,
        };
      } catch (e) {
        if (e instanceof DomainError && e.code === ErrorCode.UPSTREAM_UNAVAILABLE) {
          this.logger.warn({ gameId }, 'live counters: metrics unavailable, tick skipped');
          return undefined;
        }
        throw e;
      }
    });
  }

  private load<Q, T>(
    scope: RequestScope,
    endpoint: string,
    gameId: string,
    query: Q,
    fetch: (gameId: string, query: Q) => Promise<T>,
  ): Promise<T> {
    return scope.loaders.load(endpoint, { gameId, query }, (a) => fetch(a.gameId, a.query));
  }
}

function range(d: Dashboard): RangeQuery {
  return { from: d.from.toISOString(), to: d.to.toISOString(), tz: d.timeZone };
}

function series(d: Dashboard): SeriesQuery {
  return { ...range(d), bucket: d.bucket };
}
