// Request and response shapes of the query API. They document the OpenAPI contract the BFF's
// typed client (libs/metrics-client) is generated from: change them, regenerate, commit.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { BUCKET_NAMES, type Bucket } from './time-grid';

export const DEFAULT_BUCKET: Bucket = '1h';
export const DEFAULT_RANGE_MS = 24 * 3_600_000;

export class GameParams {
  @ApiProperty({ format: 'uuid', description: 'Game id (from core).' })
  @IsUUID()
  gameId!: string;
}

export class RangeQueryDto {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Start (inclusive), ISO-8601 with a zone. Default: `to` minus 24 hours.',
    example: '2026-11-23T00:00:00Z',
  })
  @IsOptional()
  @IsString()
  from?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'End (exclusive), ISO-8601 with a zone. Default: now.',
    example: '2026-11-24T00:00:00Z',
  })
  @IsOptional()
  @IsString()
  to?: string;

  @ApiPropertyOptional({
    description: 'IANA time zone that buckets and "today" follow. Default UTC.',
    example: 'Europe/Paris',
    default: 'UTC',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  tz?: string;
}

export class SeriesQueryDto extends RangeQueryDto {
  @ApiPropertyOptional({
    enum: BUCKET_NAMES,
    enumName: 'Bucket',
    default: DEFAULT_BUCKET,
    description: 'Bucket size. The range is widened to whole buckets in `tz`.',
  })
  @IsOptional()
  @IsIn(BUCKET_NAMES)
  bucket?: Bucket;
}

export const EVENTS_BY = ['type', 'name'] as const;
export type EventsBy = (typeof EVENTS_BY)[number];

export class EventsQueryDto extends SeriesQueryDto {
  @ApiPropertyOptional({
    enum: EVENTS_BY,
    enumName: 'EventsBy',
    default: 'type',
    description:
      '`type`: every event type; `name`: custom (design) events by name, the `limit` most frequent.',
  })
  @IsOptional()
  @IsIn(EVENTS_BY)
  by?: EventsBy;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 100,
    default: 20,
    description: 'With by=name: most names returned.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class TopEventsQueryDto extends RangeQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

// ---------------------------------------------------------------------------- responses

export class CountPointDto {
  @ApiProperty({ format: 'date-time', description: 'Bucket start (UTC).' }) time!: string;
  @ApiProperty() count!: number;
}

export class KeyedSeriesDto {
  @ApiProperty({ description: 'Event type, custom event name or error severity.' }) key!: string;
  @ApiProperty({ description: 'Sum over the range.' }) total!: number;
  @ApiProperty({ type: [CountPointDto] }) points!: CountPointDto[];
}

export class SeriesRangeDto {
  @ApiProperty({ format: 'uuid' }) gameId!: string;
  @ApiProperty({ format: 'date-time', description: 'Start of the first bucket.' }) from!: string;
  @ApiProperty({ format: 'date-time', description: 'End of the last bucket.' }) to!: string;
  @ApiProperty({ enum: BUCKET_NAMES, enumName: 'Bucket' }) bucket!: Bucket;
  @ApiProperty() tz!: string;
}

/** The period an answer covers: as asked, or widened to whole hours / days for old ranges. */
export class AnsweredPeriodDto {
  @ApiProperty({
    format: 'date-time',
    description:
      'Start of the period answered: `from` as asked, or the start of its hour (UTC day beyond hourly retention) when `from` is older than raw events are kept.',
  })
  from!: string;
  @ApiProperty({
    format: 'date-time',
    description:
      'End of the period answered: `to` as asked, or the end of its hour (UTC day) when the start was widened.',
  })
  to!: string;
}

export class PeriodDto extends AnsweredPeriodDto {
  @ApiProperty({ format: 'uuid' }) gameId!: string;
  @ApiProperty() tz!: string;
}

export class EventsResponseDto extends SeriesRangeDto {
  @ApiProperty({ enum: EVENTS_BY, enumName: 'EventsBy' }) by!: EventsBy;
  @ApiProperty({ description: 'Events over the range (by=name: custom events of every name).' })
  total!: number;
  @ApiProperty({
    type: [KeyedSeriesDto],
    description: 'by=type: every type, zeros included; by=name: most frequent first.',
  })
  series!: KeyedSeriesDto[];
}

export class TopEventDto {
  @ApiProperty() name!: string;
  @ApiProperty() count!: number;
}

export class TopEventsResponseDto extends PeriodDto {
  @ApiProperty({ type: [TopEventDto], description: 'Most frequent first; ties by name.' })
  items!: TopEventDto[];
}

export class PlayersPointDto {
  @ApiProperty({ format: 'date-time' }) time!: string;
  @ApiProperty() players!: number;
}

export class ActivePlayersResponseDto extends SeriesRangeDto {
  @ApiProperty({ type: [PlayersPointDto], description: 'Distinct players per bucket (DAU with bucket=1d).' })
  points!: PlayersPointDto[];
}

export class OnlineNowResponseDto {
  @ApiProperty({ format: 'uuid' }) gameId!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: 'Window the players were seen in.', example: 300 }) windowSeconds!: number;
  @ApiProperty({ description: 'Distinct players with an event in the window.' }) players!: number;
}

export class NewPlayersResponseDto extends SeriesRangeDto {
  @ApiProperty() total!: number;
  @ApiProperty({ type: [PlayersPointDto], description: 'Players whose first event falls in the bucket.' })
  points!: PlayersPointDto[];
}

export class SessionsPointDto {
  @ApiProperty({ format: 'date-time' }) time!: string;
  @ApiProperty({ description: 'Sessions started.' }) sessions!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Mean durationSeconds of sessions ended; null if none.',
  })
  averageSeconds!: number | null;
}

export class SessionsResponseDto extends SeriesRangeDto {
  @ApiProperty() total!: number;
  @ApiProperty({ type: Number, nullable: true }) averageSeconds!: number | null;
  @ApiProperty({ type: [SessionsPointDto] }) points!: SessionsPointDto[];
}

export class ProgressionLevelDto {
  @ApiProperty() level!: string;
  @ApiProperty() started!: number;
  @ApiProperty() completed!: number;
  @ApiProperty() failed!: number;
}

export class ProgressionResponseDto extends PeriodDto {
  @ApiProperty({
    type: [ProgressionLevelDto],
    description: 'Levels in natural order (level-2 before level-10).',
  })
  levels!: ProgressionLevelDto[];
}

export class RevenuePointDto {
  @ApiProperty({ format: 'date-time' }) time!: string;
  @ApiProperty({ description: 'Minor units (cents).' }) amount!: number;
  @ApiProperty() purchases!: number;
}

export class CurrencyTotalDto {
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ description: 'Minor units (cents).' }) amount!: number;
  @ApiProperty() purchases!: number;
}

export class CurrencySeriesDto extends CurrencyTotalDto {
  @ApiProperty({ type: [RevenuePointDto] }) points!: RevenuePointDto[];
}

export class RevenueResponseDto extends SeriesRangeDto {
  @ApiProperty({ type: [CurrencySeriesDto], description: 'One series per currency, largest amount first.' })
  currencies!: CurrencySeriesDto[];
}

export class ErrorsResponseDto extends SeriesRangeDto {
  @ApiProperty() total!: number;
  @ApiProperty({
    type: [KeyedSeriesDto],
    description: 'One series per severity, debug to critical, zeros included.',
  })
  series!: KeyedSeriesDto[];
}

export class SummaryFiguresDto extends AnsweredPeriodDto {
  @ApiProperty() events!: number;
  @ApiProperty({ description: 'Distinct players with an event in the period.' }) activePlayers!: number;
  @ApiProperty() newPlayers!: number;
  @ApiProperty() sessions!: number;
  @ApiProperty({ type: Number, nullable: true }) averageSessionSeconds!: number | null;
  @ApiProperty({ type: [CurrencyTotalDto] }) revenue!: CurrencyTotalDto[];
  @ApiProperty() errors!: number;
}

export class SummaryResponseDto {
  @ApiProperty({ format: 'uuid' }) gameId!: string;
  @ApiProperty() tz!: string;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ description: 'Distinct players in the last 5 minutes.' }) onlineNow!: number;
  @ApiProperty({ description: 'Players the game ever had.' }) totalPlayers!: number;
  @ApiProperty({ type: SummaryFiguresDto, description: 'Today in `tz`, midnight to midnight.' })
  today!: SummaryFiguresDto;
  @ApiProperty({
    type: SummaryFiguresDto,
    description: 'Totals over from..to; default the last 30 days in `tz` (today included).',
  })
  range!: SummaryFiguresDto;
}
