import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsDate, IsEnum, IsOptional } from 'class-validator';
import { DateTimeScalar } from '../graphql/scalars';

// The dashboard mirrors the metrics service's query API (apps/metrics/openapi.json), one field
// per series. Every series field is nullable: when metrics cannot answer, that field is null
// with an UPSTREAM_UNAVAILABLE error, and the rest of the response still comes back.

export enum TimeBucket {
  ONE_MINUTE = '1m',
  FIVE_MINUTES = '5m',
  FIFTEEN_MINUTES = '15m',
  ONE_HOUR = '1h',
  SIX_HOURS = '6h',
  ONE_DAY = '1d',
}
registerEnumType(TimeBucket, { name: 'TimeBucket', description: 'Bucket size of a time series.' });

export enum RangePreset {
  LAST_HOUR = 'LAST_HOUR',
  LAST_24_HOURS = 'LAST_24_HOURS',
  LAST_7_DAYS = 'LAST_7_DAYS',
  LAST_30_DAYS = 'LAST_30_DAYS',
  LAST_90_DAYS = 'LAST_90_DAYS',
}
registerEnumType(RangePreset, { name: 'RangePreset', description: 'A range ending now.' });

export enum EventsGrouping {
  TYPE = 'type',
  NAME = 'name',
}
registerEnumType(EventsGrouping, {
  name: 'EventsGrouping',
  description: 'TYPE: one series per event type; NAME: custom (design) events by name, most frequent first.',
});

@InputType({ description: 'Either `last` (a range ending now) or `from` and `to`.' })
export class DashboardRange {
  @Field(() => RangePreset, { nullable: true }) @IsOptional() @IsEnum(RangePreset) last?: RangePreset;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Start, inclusive' })
  @IsOptional()
  @IsDate()
  from?: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'End, exclusive' })
  @IsOptional()
  @IsDate()
  to?: Date;
}

@ObjectType()
export class CountPoint {
  @Field(() => DateTimeScalar, { description: 'Bucket start (UTC)' }) time!: string;
  @Field(() => Float) count!: number;
}

@ObjectType()
export class KeyedSeries {
  @Field({ description: 'Event type, custom event name or error severity' }) key!: string;
  @Field(() => Float, { description: 'Sum over the range' }) total!: number;
  @Field(() => [CountPoint]) points!: CountPoint[];
}

@ObjectType()
export class EventsOverTime {
  @Field(() => Float) total!: number;
  @Field(() => [KeyedSeries]) series!: KeyedSeries[];
}

@ObjectType()
export class TopEvent {
  @Field() name!: string;
  @Field(() => Float) count!: number;
}

@ObjectType()
export class PlayersPoint {
  @Field(() => DateTimeScalar) time!: string;
  @Field(() => Float) players!: number;
}

@ObjectType()
export class PlayersSeries {
  @Field(() => Float, { nullable: true, description: 'New players over the range (null for active players)' })
  total!: number | null;
  @Field(() => [PlayersPoint]) points!: PlayersPoint[];
}

@ObjectType()
export class OnlineNow {
  @Field(() => DateTimeScalar) at!: string;
  @Field(() => Int, { description: 'Window the players were seen in' }) windowSeconds!: number;
  @Field(() => Float, { description: 'Distinct players with an event in the window' }) players!: number;
}

@ObjectType()
export class SessionsPoint {
  @Field(() => DateTimeScalar) time!: string;
  @Field(() => Float, { description: 'Sessions started' }) sessions!: number;
  @Field(() => Float, { nullable: true, description: 'Mean length of the sessions ended, in seconds' })
  averageSeconds!: number | null;
}

@ObjectType()
export class SessionsSeries {
  @Field(() => Float) total!: number;
  @Field(() => Float, { nullable: true }) averageSeconds!: number | null;
  @Field(() => [SessionsPoint]) points!: SessionsPoint[];
}

@ObjectType()
export class ProgressionLevel {
  @Field() level!: string;
  @Field(() => Float) started!: number;
  @Field(() => Float) completed!: number;
  @Field(() => Float) failed!: number;
}

@ObjectType()
export class RevenuePoint {
  @Field(() => DateTimeScalar) time!: string;
  @Field(() => Float, { description: 'Minor units (cents)' }) amount!: number;
  @Field(() => Float) purchases!: number;
}

@ObjectType()
export class CurrencyTotal {
  @Field() currency!: string;
  @Field(() => Float, { description: 'Minor units (cents)' }) amount!: number;
  @Field(() => Float) purchases!: number;
}

@ObjectType()
export class CurrencySeries extends CurrencyTotal {
  @Field(() => [RevenuePoint]) points!: RevenuePoint[];
}

@ObjectType()
export class ErrorsSeries {
  @Field(() => Float) total!: number;
  @Field(() => [KeyedSeries], { description: 'One series per severity, debug to critical' })
  series!: KeyedSeries[];
}

@ObjectType()
export class SummaryFigures {
  @Field(() => DateTimeScalar) from!: string;
  @Field(() => DateTimeScalar) to!: string;
  @Field(() => Float) events!: number;
  @Field(() => Float) activePlayers!: number;
  @Field(() => Float) newPlayers!: number;
  @Field(() => Float) sessions!: number;
  @Field(() => Float, { nullable: true }) averageSessionSeconds!: number | null;
  @Field(() => [CurrencyTotal]) revenue!: CurrencyTotal[];
  @Field(() => Float) errors!: number;
}

@ObjectType()
export class DashboardSummary {
  @Field(() => DateTimeScalar) generatedAt!: string;
  @Field(() => Float, { description: 'Distinct players in the last 5 minutes' }) onlineNow!: number;
  @Field(() => Float, { description: 'Players the game ever had' }) totalPlayers!: number;
  @Field(() => SummaryFigures, { description: 'Today in the time zone, midnight to midnight' })
  today!: SummaryFigures;
  @Field(() => SummaryFigures, { description: 'Totals over the dashboard range' }) range!: SummaryFigures;
}

/** The dashboard's parameters, resolved once; its fields fetch the series. */
@ObjectType({
  description: "A game's dashboard over one range. Each series is fetched from metrics on its own.",
})
export class Dashboard {
  @Field(() => ID) gameId!: string;
  @Field(() => DateTimeScalar) from!: Date;
  @Field(() => DateTimeScalar) to!: Date;
  @Field(() => TimeBucket) bucket!: TimeBucket;
  @Field() timeZone!: string;
}

@ObjectType({
  description: 'Live counters of a game, pushed every few seconds by the liveCounters subscription.',
})
export class LiveCounters {
  @Field(() => ID) gameId!: string;
  @Field(() => DateTimeScalar) at!: string;
  @Field(() => Float, { description: 'Distinct players in the last 5 minutes' }) onlineNow!: number;
  @Field(() => Float, { description: 'Events today (in the time zone)' }) eventsToday!: number;
  @Field(() => Float) activePlayersToday!: number;
  @Field(() => Float) newPlayersToday!: number;
}
