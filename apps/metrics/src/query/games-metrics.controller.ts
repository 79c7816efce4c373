import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { Internal } from '@gt/service-kit';
import {
  ActivePlayersResponseDto,
  ErrorsResponseDto,
  EventsQueryDto,
  EventsResponseDto,
  GameParams,
  NewPlayersResponseDto,
  OnlineNowResponseDto,
  ProgressionResponseDto,
  RangeQueryDto,
  RevenueResponseDto,
  SeriesQueryDto,
  SessionsResponseDto,
  SummaryResponseDto,
  TopEventsQueryDto,
  TopEventsResponseDto,
} from './query.dto';
import { QueryService } from './query.service';

/**
 * The documentation every query route shares: its answer and the failures the BFF must handle.
 * A game without events is not a failure: it is answered with zeros.
 */
function Series(summary: string, type: new () => unknown) {
  return applyDecorators(
    ApiOperation({ summary }),
    ApiOkResponse({ type }),
    ApiBadRequestResponse({
      description:
        'VALIDATION_FAILED, INVALID_RANGE, INVALID_TIMEZONE, TOO_MANY_BUCKETS or RANGE_NOT_AVAILABLE (problem details).',
    }),
    ApiServiceUnavailableResponse({
      description: 'METRICS_STORE_UNAVAILABLE: InfluxDB is down; Retry-After set.',
    }),
  );
}

/**
 * Time series of one game for the BFF, which authorises the user in core before it calls. One
 * route per series, so a dashboard can load and fail them independently.
 */
@ApiTags('metrics')
@Internal()
@Controller('v1/games/:gameId')
export class GamesMetricsController {
  constructor(private readonly queries: QueryService) {}

  @Get('events')
  @Series('Events per bucket, by type or by custom event name', EventsResponseDto)
  events(@Param() p: GameParams, @Query() q: EventsQueryDto): Promise<EventsResponseDto> {
    return this.queries.eventsOverTime(p.gameId, q);
  }

  @Get('top-events')
  @Series('The most frequent custom (design) event names over a range', TopEventsResponseDto)
  topEvents(@Param() p: GameParams, @Query() q: TopEventsQueryDto): Promise<TopEventsResponseDto> {
    return this.queries.topEvents(p.gameId, q);
  }

  @Get('active-players')
  @Series('Distinct players per bucket (DAU with bucket=1d)', ActivePlayersResponseDto)
  activePlayers(@Param() p: GameParams, @Query() q: SeriesQueryDto): Promise<ActivePlayersResponseDto> {
    return this.queries.activePlayers(p.gameId, q);
  }

  @Get('online-now')
  @Series('Distinct players with an event in the last 5 minutes', OnlineNowResponseDto)
  onlineNow(@Param() p: GameParams): Promise<OnlineNowResponseDto> {
    return this.queries.onlineNow(p.gameId);
  }

  @Get('new-players')
  @Series('Players seen for the first time, per bucket', NewPlayersResponseDto)
  newPlayers(@Param() p: GameParams, @Query() q: SeriesQueryDto): Promise<NewPlayersResponseDto> {
    return this.queries.newPlayers(p.gameId, q);
  }

  @Get('sessions')
  @Series('Sessions started per bucket and average session length', SessionsResponseDto)
  sessions(@Param() p: GameParams, @Query() q: SeriesQueryDto): Promise<SessionsResponseDto> {
    return this.queries.sessions(p.gameId, q);
  }

  @Get('progression')
  @Series('Progression funnel per level (started, completed, failed) over a range', ProgressionResponseDto)
  progression(@Param() p: GameParams, @Query() q: RangeQueryDto): Promise<ProgressionResponseDto> {
    return this.queries.progression(p.gameId, q);
  }

  @Get('revenue')
  @Series('Revenue per bucket by currency, in minor units', RevenueResponseDto)
  revenue(@Param() p: GameParams, @Query() q: SeriesQueryDto): Promise<RevenueResponseDto> {
    return this.queries.revenue(p.gameId, q);
  }

  @Get('errors')
  @Series('Error events per bucket by severity', ErrorsResponseDto)
  errors(@Param() p: GameParams, @Query() q: SeriesQueryDto): Promise<ErrorsResponseDto> {
    return this.queries.errors(p.gameId, q);
  }

  @Get('summary')
  @Series('Totals and today for the dashboard header, in one call', SummaryResponseDto)
  summary(@Param() p: GameParams, @Query() q: RangeQueryDto): Promise<SummaryResponseDto> {
    return this.queries.summary(p.gameId, q);
  }
}
