import { type DynamicModule, type Provider, Module } from '@nestjs/common';
import { ServiceKitModule } from '@gt/service-kit';
import { METRICS_CONFIG, type MetricsConfig } from './config';
import { EventStore } from './ingest/event-store.service';
import { EventsConsumer } from './ingest/events.consumer';
import { FirstSeenTracker } from './ingest/first-seen.tracker';
import { RollupRefresher } from './ingest/rollup-refresher';
import { MetricsServiceMetrics } from './observability/metrics.metrics';
import { GamesMetricsController } from './query/games-metrics.controller';
import { CLOCK, QueryService, type Clock } from './query/query.service';
import { InfluxSchemaService } from './storage/influx-schema.service';
import { InfluxRepository } from './storage/influx.repository';

/** Presence points remembered as written; beyond that they are written again (harmless). */
const PRESENCE_CACHE_SIZE = 500_000;

export function influxRepositoryFor(config: MetricsConfig): InfluxRepository {
  return new InfluxRepository({
    url: config.INFLUX_URL,
    database: config.INFLUX_DATABASE,
    username: config.INFLUX_USERNAME,
    password: config.INFLUX_PASSWORD,
    timeoutMs: config.INFLUX_TIMEOUT_MS,
    retention: {
      rawDays: config.RETENTION_RAW_DAYS,
      hourlyDays: config.RETENTION_HOURLY_DAYS,
      dailyDays: config.RETENTION_DAILY_DAYS,
    },
  });
}

export function eventStoreFor(
  config: MetricsConfig,
  repo: InfluxRepository,
  rollups: RollupRefresher,
): EventStore {
  return new EventStore(repo, new FirstSeenTracker(repo, config.FIRST_SEEN_CACHE_SIZE), rollups, {
    rawRetentionDays: config.RETENTION_RAW_DAYS,
    hourlyRetentionDays: config.RETENTION_HOURLY_DAYS,
    presenceCacheSize: PRESENCE_CACHE_SIZE,
  });
}

@Module({})
export class MetricsModule {
  static forRoot(config: MetricsConfig, opts: { clock?: Clock } = {}): DynamicModule {
    const providers: Provider[] = [
      { provide: METRICS_CONFIG, useValue: config },
      { provide: CLOCK, useValue: opts.clock ?? { now: () => Date.now() } },
      { provide: InfluxRepository, useFactory: () => influxRepositoryFor(config) },
      InfluxSchemaService,
      MetricsServiceMetrics,
      QueryService,
    ];
    if (config.CONSUMER_ENABLED) {
      providers.push(
        {
          provide: RollupRefresher,
          useFactory: (repo: InfluxRepository) => new RollupRefresher(repo),
          inject: [InfluxRepository],
        },
        {
          provide: EventStore,
          useFactory: (repo: InfluxRepository, rollups: RollupRefresher) =>
            eventStoreFor(config, repo, rollups),
          inject: [InfluxRepository, RollupRefresher],
        },
        EventsConsumer,
      );
    }
    return {
      module: MetricsModule,
      imports: [ServiceKitModule.forRoot({ serviceToken: config.SERVICE_TOKEN })],
      controllers: [GamesMetricsController],
      providers,
    };
  }
}
