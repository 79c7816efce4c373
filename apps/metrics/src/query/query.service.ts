// The answers of the query API: plans which tier answers which part of a range, runs the
// statements through the repository and adds the parts up per bucket, zero-filled. A game
// without any stored event (one core has just created) gets the same answers, all zeros: the
// BFF authorises the game in core before it calls, so metrics has nothing to refuse.
import { Inject, Injectable } from '@nestjs/common';
import { ERROR_SEVERITIES, EVENT_LIMITS, EVENT_TYPES } from '@gt/contracts';
import { DomainError, errors } from '@gt/service-kit';
import { METRICS_CONFIG, type MetricsConfig } from '../config';
import { MetricsServiceMetrics } from '../observability/metrics.metrics';
import { InfluxRejectedError, InfluxUnavailableError } from '../storage/influx.errors';
import {
  InfluxRepository,
  type BucketSpec,
  type EventMeasure,
  type EventSumRow,
  type EventSumSpec,
} from '../storage/influx.repository';
import { DAY_MS, HOUR_MS, type RollupTier, type TagKey } from '../storage/schema';
import {
  answerablePeriod,
  planPlayers,
  planSums,
  RangeNotAvailableError,
  tierFitsBuckets,
  type TierAvailability,
} from './planner';
import type {
  ActivePlayersResponseDto,
  CurrencySeriesDto,
  CurrencyTotalDto,
  ErrorsResponseDto,
  EventsQueryDto,
  EventsResponseDto,
  KeyedSeriesDto,
  NewPlayersResponseDto,
  OnlineNowResponseDto,
  ProgressionResponseDto,
  RangeQueryDto,
  RevenueResponseDto,
  SeriesQueryDto,
  SessionsResponseDto,
  SummaryFiguresDto,
  SummaryResponseDto,
  TopEventsQueryDto,
  TopEventsResponseDto,
} from './query.dto';
import {
  resolvePeriod,
  resolveSeriesRange,
  resolveTimeZone,
  type Period,
  type SeriesRange,
} from './query-range';
import { bucketStart, nextBucketStart } from './time-grid';

export const CLOCK = Symbol('CLOCK');
export interface Clock {
  now(): number;
}

export const ONLINE_WINDOW_MS = 5 * 60_000;
const SUMMARY_DAYS = 30;

/** A sum per group key and bucket start. */
type Grouped = Map<string, Map<number, EventSumRow>>;

const iso = (ms: number) => new Date(ms).toISOString();
const levelOrder = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

@Injectable()
export class QueryService {
  constructor(
    private readonly repo: InfluxRepository,
    @Inject(METRICS_CONFIG) private readonly config: MetricsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: MetricsServiceMetrics,
  ) {}

  // ---------------------------------------------------------------- endpoints

  eventsOverTime(gameId: string, q: EventsQueryDto): Promise<EventsResponseDto> {
    return this.run('events', async () => {
      const range = this.seriesRange(q);
      const by = q.by ?? 'type';
      const grouped = await this.sums(gameId, range, {
        types: by === 'name' ? ['design'] : undefined,
        groupBy: [by],
        measures: ['events'],
      });
      let series: KeyedSeriesDto[];
      if (by === 'type') {
        series = EVENT_TYPES.map((t) => this.countSeries(t, grouped.get(t), range, (r) => r.events));
      } else {
        series = [...grouped.entries()]
          .map(([name, rows]) => this.countSeries(name, rows, range, (r) => r.events))
          .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key))
          .slice(0, q.limit ?? 20);
      }
      const total = [...grouped.values()].reduce((s, rows) => s + sumOf(rows, (r) => r.events), 0);
      return { ...this.rangeInfo(gameId, range), by, total, series };
    });
  }

  topEvents(gameId: string, q: TopEventsQueryDto): Promise<TopEventsResponseDto> {
    return this.run('top-events', async () => {
      const period = this.answerable(resolvePeriod(q, this.clock.now()));
      const grouped = await this.sums(gameId, period, {
        types: ['design'],
        groupBy: ['name'],
        measures: ['events'],
      });
      const items = [...grouped.entries()]
        .map(([name, rows]) => ({ name, count: sumOf(rows, (r) => r.events) }))
        .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
        .slice(0, q.limit ?? 10);
      return { ...this.periodInfo(gameId, period), items };
    });
  }

  activePlayers(gameId: string, q: SeriesQueryDto): Promise<ActivePlayersResponseDto> {
    return this.run('active-players', async () => {
      const range = this.seriesRange(q);
      const fits = (tier: RollupTier) => tierFitsBuckets(tier, range.bucketMs, range.boundaries);
      const tier = this.planPlayersOr400(range.from, fits);
      // A presence point is one player in one period: with buckets of that period, count them.
      const distinct = !(
        (tier === 'hourly' && range.bucketMs === HOUR_MS) ||
        (tier === 'daily' && range.bucketMs === DAY_MS)
      );
      const [rows] = await this.repo.countPlayers([
        { game: gameId, tier, fromMs: range.from, toMs: range.to, bucket: this.bucketSpec(range), distinct },
      ]);
      const byTime = new Map((rows ?? []).map((r) => [r.time, r.count]));
      const points = range.starts.map((t) => ({ time: iso(t), players: byTime.get(t) ?? 0 }));
      return { ...this.rangeInfo(gameId, range), points };
    });
  }

  onlineNow(gameId: string): Promise<OnlineNowResponseDto> {
    return this.run('online-now', async () => {
      const now = this.clock.now();
      return {
        gameId,
        at: iso(now),
        windowSeconds: ONLINE_WINDOW_MS / 1000,
        players: await this.online(gameId, now),
      };
    });
  }

  newPlayers(gameId: string, q: SeriesQueryDto): Promise<NewPlayersResponseDto> {
    return this.run('new-players', async () => {
      const range = this.seriesRange(q);
      const rows = await this.repo.countNewPlayers({
        game: gameId,
        fromMs: range.from,
        toMs: range.to,
        bucket: this.bucketSpec(range),
      });
      const byTime = new Map(rows.map((r) => [r.time, r.count]));
      const points = range.starts.map((t) => ({ time: iso(t), players: byTime.get(t) ?? 0 }));
      const total = points.reduce((s, p) => s + p.players, 0);
      return { ...this.rangeInfo(gameId, range), total, points };
    });
  }

  sessions(gameId: string, q: SeriesQueryDto): Promise<SessionsResponseDto> {
    return this.run('sessions', async () => {
      const range = this.seriesRange(q);
      const grouped = await this.sums(gameId, range, {
        types: ['session_start', 'session_end'],
        groupBy: ['type'],
        measures: ['events', 'duration'],
      });
      const starts = grouped.get('session_start');
      const ends = grouped.get('session_end');
      const points = range.starts.map((t) => {
        const end = ends?.get(t);
        return {
          time: iso(t),
          sessions: starts?.get(t)?.events ?? 0,
          averageSeconds: mean(end?.durationSum ?? 0, end?.durationCount ?? 0),
        };
      });
      return {
        ...this.rangeInfo(gameId, range),
        total: sumOf(starts, (r) => r.events),
        averageSeconds: mean(
          sumOf(ends, (r) => r.durationSum),
          sumOf(ends, (r) => r.durationCount),
        ),
        points,
      };
    });
  }

  progression(gameId: string, q: RangeQueryDto): Promise<ProgressionResponseDto> {
    return this.run('progression', async () => {
      const period = this.answerable(resolvePeriod(q, this.clock.now()));
      const grouped = await this.sums(gameId, period, {
        types: ['progression'],
        groupBy: ['level', 'status'],
        measures: ['events'],
        keyOf: (tags) => JSON.stringify([tags.level ?? '', tags.status ?? '']),
      });
      const levels = new Map<string, { level: string; started: number; completed: number; failed: number }>();
      for (const [key, rows] of grouped) {
        const [level, status] = JSON.parse(key) as [string, string];
        let entry = levels.get(level);
        if (entry === undefined) levels.set(level, (entry = { level, started: 0, completed: 0, failed: 0 }));
        const n = sumOf(rows, (r) => r.events);
        if (status === 'start') entry.started += n;
        else if (status === 'complete') entry.completed += n;
        else if (status === 'fail') entry.failed += n;
      }
      return {
        ...this.periodInfo(gameId, period),
        levels: [...levels.values()].sort((a, b) => levelOrder.compare(a.level, b.level)),
      };
    });
  }

  revenue(gameId: string, q: SeriesQueryDto): Promise<RevenueResponseDto> {
    return this.run('revenue', async () => {
      const range = this.seriesRange(q);
      const grouped = await this.sums(gameId, range, {
        types: ['purchase'],
        groupBy: ['currency'],
        measures: ['events', 'amount'],
      });
      const currencies: CurrencySeriesDto[] = [...grouped.entries()]
        .map(([currency, rows]) => ({
          currency,
          amount: sumOf(rows, (r) => r.amount),
          purchases: sumOf(rows, (r) => r.events),
          points: range.starts.map((t) => ({
            time: iso(t),
            amount: rows.get(t)?.amount ?? 0,
            purchases: rows.get(t)?.events ?? 0,
          })),
        }))
        .sort((a, b) => b.amount - a.amount || a.currency.localeCompare(b.currency));
      return { ...this.rangeInfo(gameId, range), currencies };
    });
  }

  errors(gameId: string, q: SeriesQueryDto): Promise<ErrorsResponseDto> {
    return this.run('errors', async () => {
      const range = this.seriesRange(q);
      const grouped = await this.sums(gameId, range, {
        types: ['error'],
        groupBy: ['severity'],
        measures: ['events'],
      });
      const series = ERROR_SEVERITIES.map((s) => this.countSeries(s, grouped.get(s), range, (r) => r.events));
      return { ...this.rangeInfo(gameId, range), total: series.reduce((s, x) => s + x.total, 0), series };
    });
  }

  summary(gameId: string, q: RangeQueryDto): Promise<SummaryResponseDto> {
    return this.run('summary', async () => {
      const now = this.clock.now();
      const tz = resolveTimeZone(q.tz);
      const todayFrom = bucketStart(now, DAY_MS, tz);
      const today: Period = { from: todayFrom, to: nextBucketStart(todayFrom, DAY_MS, tz), tz };
      const range: Period =
        q.from === undefined && q.to === undefined
          ? {
              from: bucketStart(todayFrom - (SUMMARY_DAYS - 1) * DAY_MS + HOUR_MS * 12, DAY_MS, tz),
              to: today.to,
              tz,
            }
          : this.answerable(resolvePeriod(q, now, SUMMARY_DAYS * DAY_MS));
      const [todayFigures, rangeFigures, onlineNow, totalPlayers] = await Promise.all([
        this.figures(gameId, today),
        this.figures(gameId, range),
        this.online(gameId, now),
        this.repo.countAllPlayers(gameId),
      ]);
      return {
        gameId,
        tz,
        generatedAt: iso(now),
        onlineNow,
        totalPlayers,
        today: todayFigures,
        range: rangeFigures,
      };
    });
  }

  // ---------------------------------------------------------------- building blocks

  private async figures(gameId: string, period: Period): Promise<SummaryFiguresDto> {
    const aligned = (tier: RollupTier) => {
      const p = tier === 'hourly' ? HOUR_MS : DAY_MS;
      return period.from % p === 0 && period.to % p === 0;
    };
    const tier = this.planPlayersOr400(period.from, aligned);
    const [grouped, players, newPlayers] = await Promise.all([
      this.sums(gameId, period, {
        groupBy: ['type', 'currency'],
        measures: ['events', 'amount', 'duration'],
        keyOf: (tags) => JSON.stringify([tags.type ?? '', tags.currency ?? '']),
      }),
      this.repo.countPlayers([{ game: gameId, tier, fromMs: period.from, toMs: period.to, distinct: true }]),
      this.repo.countNewPlayers({ game: gameId, fromMs: period.from, toMs: period.to }),
    ]);
    let events = 0;
    let sessions = 0;
    let errorCount = 0;
    let durationSum = 0;
    let durationCount = 0;
    const revenue = new Map<string, CurrencyTotalDto>();
    for (const [key, rows] of grouped) {
      const [type, currency] = JSON.parse(key) as [string, string];
      const n = sumOf(rows, (r) => r.events);
      events += n;
      if (type === 'session_start') sessions += n;
      if (type === 'error') errorCount += n;
      if (type === 'session_end') {
        durationSum += sumOf(rows, (r) => r.durationSum);
        durationCount += sumOf(rows, (r) => r.durationCount);
      }
      if (type === 'purchase' && currency !== '') {
        const entry = revenue.get(currency) ?? { currency, amount: 0, purchases: 0 };
        entry.amount += sumOf(rows, (r) => r.amount);
        entry.purchases += n;
        revenue.set(currency, entry);
      }
    }
    return {
      from: iso(period.from),
      to: iso(period.to),
      events,
      activePlayers: players[0]?.[0]?.count ?? 0,
      newPlayers: newPlayers[0]?.count ?? 0,
      sessions,
      averageSessionSeconds: mean(durationSum, durationCount),
      revenue: [...revenue.values()].sort(
        (a, b) => b.amount - a.amount || a.currency.localeCompare(b.currency),
      ),
      errors: errorCount,
    };
  }

  private async online(gameId: string, now: number): Promise<number> {
    // Client clocks may run up to 10 minutes ahead (ingestion accepts that): include them.
    const [rows] = await this.repo.countPlayers([
      {
        game: gameId,
        tier: 'raw',
        fromMs: now - ONLINE_WINDOW_MS,
        toMs: now + EVENT_LIMITS.maxFutureSkewMs,
        distinct: true,
      },
    ]);
    return rows?.[0]?.count ?? 0;
  }

  /**
   * Sums over events, each part of the range from the coarsest tier that holds it settled, added
   * up per group and bucket. Without buckets (a Period), one row per group.
   */
  private async sums(
    gameId: string,
    range: Period | SeriesRange,
    opts: {
      types?: readonly string[];
      groupBy: readonly TagKey[];
      measures: readonly EventMeasure[];
      keyOf?: (tags: EventSumRow['tags']) => string;
    },
  ): Promise<Grouped> {
    const bucketed = 'bucketMs' in range;
    const fits = (tier: RollupTier) =>
      bucketed ? tierFitsBuckets(tier, range.bucketMs, range.boundaries) : true;
    let segments;
    try {
      segments = planSums(range.from, range.to, this.availability(), fits);
    } catch (err) {
      throw this.rangeError(err);
    }
    const bucket = bucketed ? this.bucketSpec(range) : undefined;
    const specs: EventSumSpec[] = segments.map((s) => ({
      game: gameId,
      tier: s.tier,
      fromMs: s.from,
      toMs: s.to,
      bucket,
      types: opts.types,
      groupBy: opts.groupBy,
      measures: opts.measures,
    }));
    const results = await this.repo.sumEvents(specs);
    const keyOf = opts.keyOf ?? ((tags: EventSumRow['tags']) => tags[opts.groupBy[0] as TagKey] ?? '');
    const grouped: Grouped = new Map();
    for (const rows of results) {
      for (const row of rows) {
        const key = keyOf(row.tags);
        const time = bucketed ? row.time : 0;
        let byTime = grouped.get(key);
        if (byTime === undefined) grouped.set(key, (byTime = new Map()));
        const acc = byTime.get(time);
        if (acc === undefined) byTime.set(time, { ...row, time });
        else {
          acc.events += row.events;
          acc.amount += row.amount;
          acc.durationSum += row.durationSum;
          acc.durationCount += row.durationCount;
        }
      }
    }
    return grouped;
  }

  private countSeries(
    key: string,
    rows: Map<number, EventSumRow> | undefined,
    range: SeriesRange,
    value: (r: EventSumRow) => number,
  ): KeyedSeriesDto {
    const points = range.starts.map((t) => {
      const r = rows?.get(t);
      return { time: iso(t), count: r ? value(r) : 0 };
    });
    return { key, total: points.reduce((s, p) => s + p.count, 0), points };
  }

  private seriesRange(q: SeriesQueryDto): SeriesRange {
    return resolveSeriesRange(q, this.clock.now(), this.config.QUERY_MAX_BUCKETS);
  }

  private bucketSpec(range: SeriesRange): BucketSpec {
    return { ms: range.bucketMs, tz: range.tz };
  }

  /** A period without buckets, widened to whole rollup periods when raw events no longer hold its start. */
  private answerable(period: Period): Period {
    try {
      return { ...answerablePeriod(period.from, period.to, this.availability()), tz: period.tz };
    } catch (err) {
      throw this.rangeError(err);
    }
  }

  private planPlayersOr400(from: number, fits: (tier: RollupTier) => boolean) {
    try {
      return planPlayers(from, this.availability(), fits);
    } catch (err) {
      throw this.rangeError(err);
    }
  }

  private availability(): TierAvailability {
    return {
      nowMs: this.clock.now(),
      rawRetentionMs: this.config.RETENTION_RAW_DAYS * DAY_MS,
      hourlyRetentionMs: this.config.RETENTION_HOURLY_DAYS * DAY_MS,
      dailyRetentionMs: this.config.RETENTION_DAILY_DAYS * DAY_MS,
    };
  }

  private rangeError(err: unknown): unknown {
    if (!(err instanceof RangeNotAvailableError)) return err;
    // A range error must stay a 400 even if a planner bug left no finite earliest start.
    const message = Number.isFinite(err.earliest)
      ? `${err.message}: from must be ${iso(err.earliest)} or later`
      : err.message;
    return new DomainError('RANGE_NOT_AVAILABLE', message, 400, {
      errors: [{ field: 'from', code: 'RANGE_NOT_AVAILABLE', message }],
    });
  }

  private rangeInfo(gameId: string, r: SeriesRange) {
    return { gameId, from: iso(r.from), to: iso(r.to), bucket: r.bucket, tz: r.tz };
  }

  private periodInfo(gameId: string, p: Period) {
    return { gameId, from: iso(p.from), to: iso(p.to), tz: p.tz };
  }

  /** Timing, and the mapping of storage failures to HTTP problems. */
  private async run<T>(series: string, fn: () => Promise<T>): Promise<T> {
    const end = this.metrics.querySeconds.startTimer({ series });
    try {
      return await fn();
    } catch (err) {
      if (err instanceof InfluxUnavailableError) {
        throw errors.unavailable(
          'METRICS_STORE_UNAVAILABLE',
          'The metrics store is unavailable; retry shortly',
          5,
        );
      }
      if (err instanceof InfluxRejectedError) {
        // A statement we built was refused: our bug, reported as 500 without InfluxQL details.
        throw new Error(`query ${series} refused by InfluxDB: ${err.message}`, { cause: err });
      }
      throw err;
    } finally {
      end();
    }
  }
}

function sumOf(rows: Map<number, EventSumRow> | undefined, f: (r: EventSumRow) => number): number {
  let s = 0;
  for (const r of rows?.values() ?? []) s += f(r);
  return s;
}

function mean(sum: number, count: number): number | null {
  return count > 0 ? sum / count : null;
}
