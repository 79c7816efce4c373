import { Args, ID, Int, Parent, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { series } from '../graphql/complexity';
import { Scope, SignedIn } from '../graphql/context';
import { RequestScope } from '../graphql/request-scope';
import { Game } from '../models/core.models';
import {
  CurrencySeries,
  Dashboard,
  DashboardRange,
  DashboardSummary,
  ErrorsSeries,
  EventsGrouping,
  EventsOverTime,
  LiveCounters,
  OnlineNow,
  PlayersSeries,
  ProgressionLevel,
  SessionsSeries,
  TimeBucket,
  TopEvent,
} from './dashboard.models';
import { DashboardService } from './dashboard.service';

@Resolver(() => Game)
export class GameDashboardResolver {
  constructor(private readonly dashboards: DashboardService) {}

  @ResolveField(() => Dashboard, {
    description:
      'The metrics of this game over a range. Series that metrics cannot answer are null with UPSTREAM_UNAVAILABLE.',
  })
  dashboard(
    @Scope() scope: RequestScope,
    @Parent() game: Game,
    @Args('range') range: DashboardRange,
    @Args('bucket', { type: () => TimeBucket, nullable: true, description: 'Default: fits the range' })
    bucket?: TimeBucket,
    @Args('timeZone', { nullable: true, description: 'IANA zone for buckets and "today"; default UTC' })
    timeZone?: string,
  ): Dashboard {
    return this.dashboards.open(scope, game, range, bucket, timeZone);
  }
}

const NULLABLE = { nullable: true, complexity: series };

@Resolver(() => Dashboard)
export class DashboardResolver {
  constructor(private readonly dashboards: DashboardService) {}

  @ResolveField(() => DashboardSummary, {
    ...NULLABLE,
    description: 'Header figures: today, the range, online now',
  })
  summary(@Scope() scope: RequestScope, @Parent() d: Dashboard): Promise<DashboardSummary> {
    return this.dashboards.summary(scope, d);
  }

  @ResolveField(() => EventsOverTime, NULLABLE)
  eventsOverTime(
    @Scope() scope: RequestScope,
    @Parent() d: Dashboard,
    @Args('by', { type: () => EventsGrouping, defaultValue: EventsGrouping.TYPE }) by: EventsGrouping,
    @Args('limit', {
      type: () => Int,
      nullable: true,
      description: 'With by: NAME, most names (1-100, default 20)',
    })
    limit?: number,
  ): Promise<EventsOverTime> {
    return this.dashboards.events(scope, d, by, limit);
  }

  @ResolveField(() => [TopEvent], { ...NULLABLE, description: 'Most frequent custom (design) events' })
  topEvents(
    @Scope() scope: RequestScope,
    @Parent() d: Dashboard,
    @Args('limit', { type: () => Int, defaultValue: 10 }) limit: number,
  ): Promise<TopEvent[]> {
    return this.dashboards.topEvents(scope, d, limit);
  }

  @ResolveField(() => PlayersSeries, {
    ...NULLABLE,
    description: 'Distinct players per bucket (DAU with ONE_DAY)',
  })
  activePlayers(@Scope() scope: RequestScope, @Parent() d: Dashboard): Promise<PlayersSeries> {
    return this.dashboards.activePlayers(scope, d);
  }

  @ResolveField(() => OnlineNow, { ...NULLABLE, description: 'Distinct players in the last 5 minutes' })
  onlineNow(@Scope() scope: RequestScope, @Parent() d: Dashboard): Promise<OnlineNow> {
    return this.dashboards.onlineNow(scope, d);
  }

  @ResolveField(() => PlayersSeries, {
    ...NULLABLE,
    description: 'Players seen for the first time, per bucket',
  })
  newPlayers(@Scope() scope: RequestScope, @Parent() d: Dashboard): Promise<PlayersSeries> {
    return this.dashboards.newPlayers(scope, d);
  }

  @ResolveField(() => SessionsSeries, { ...NULLABLE, description: 'Sessions started and average length' })
  sessions(@Scope() scope: RequestScope, @Parent() d: Dashboard): Promise<SessionsSeries> {
    return this.dashboards.sessions(scope, d);
  }

  @ResolveField(() => [ProgressionLevel], { ...NULLABLE, description: 'Funnel per level, in natural order' })
  progression(@Scope() scope: RequestScope, @Parent() d: Dashboard): Promise<ProgressionLevel[]> {
    return this.dashboards.progression(scope, d);
  }

  @ResolveField(() => [CurrencySeries], { ...NULLABLE, description: 'Per currency, largest amount first' })
  revenue(@Scope() scope: RequestScope, @Parent() d: Dashboard): Promise<CurrencySeries[]> {
    return this.dashboards.revenue(scope, d);
  }

  @ResolveField(() => ErrorsSeries, { ...NULLABLE, description: 'Error events per bucket by severity' })
  errors(@Scope() scope: RequestScope, @Parent() d: Dashboard): Promise<ErrorsSeries> {
    return this.dashboards.errors(scope, d);
  }
}

@Resolver(() => LiveCounters)
export class LiveResolver {
  constructor(private readonly dashboards: DashboardService) {}

  @Subscription(() => LiveCounters, {
    description:
      "Online now and today's counters of a game, pushed every LIVE_INTERVAL_SECONDS (default 5) over graphql-ws at /graphql.",
    // The iterator yields the counters, or an error as its last value (see DashboardService.live).
    resolve: (value: LiveCounters | Error): LiveCounters => {
      if (value instanceof Error) throw value;
      return value;
    },
  })
  @SignedIn()
  liveCounters(
    @Scope() scope: RequestScope,
    @Args('studioId', { type: () => ID }) studioId: string,
    @Args('gameId', { type: () => ID }) gameId: string,
    @Args('timeZone', { nullable: true }) timeZone?: string,
  ): AsyncIterableIterator<LiveCounters | Error> {
    return this.dashboards.live(scope, studioId, gameId, timeZone);
  }
}
