// The InfluxDB data model of the metrics service (apps/metrics/README.md explains the choices).
// Names here are the storage contract: the consumer writes them, the query layer reads them,
// continuous queries and the late-data refresher roll them up.
import { fqName, ident, msTime, str } from './influxql';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Retention policies. `raw` is the database default. */
export const RP = {
  raw: 'raw',
  hourly: 'hourly',
  daily: 'daily',
  /** First-seen points: one per player, needed as long as the game exists. */
  forever: 'forever',
} as const;
export type RetentionPolicyName = (typeof RP)[keyof typeof RP];

export const MEASUREMENT = {
  /** One point per event. Tags: game, type and the type's dimension (name | level+status | currency | severity). */
  events: 'events',
  /** Rollups of `events` with the same tags: events, amount, duration_sum, duration_count. */
  events1h: 'events_1h',
  events1d: 'events_1d',
  /** One point per player and UTC hour / UTC day they sent anything. Field: player. */
  players1h: 'players_1h',
  players1d: 'players_1d',
  /** One point per player at their first event. Tags: game, shard. Field: player. */
  firstSeen: 'players_first_seen',
  /**
   * Rollup periods that received late events and still need recomputing (RollupRefresher), so a
   * restart resumes them. Tags: tier, game; time: the period start; field: pending.
   */
  rollupsPending: 'rollups_pending',
} as const;

/** Tag and field keys. */
export const TAG = {
  game: 'game',
  type: 'type',
  name: 'name',
  level: 'level',
  status: 'status',
  currency: 'currency',
  severity: 'severity',
  shard: 'shard',
  tier: 'tier',
} as const;
export type TagKey = (typeof TAG)[keyof typeof TAG];

export const FIELD = {
  player: 'player',
  session: 'session',
  value: 'value',
  score: 'score',
  attempt: 'attempt',
  amount: 'amount',
  item: 'item',
  duration: 'duration',
  // rollups
  events: 'events',
  durationSum: 'duration_sum',
  durationCount: 'duration_count',
  pending: 'pending',
} as const;

/**
 * First-seen points are spread over this many `shard` tag values (a hash of the player id), so
 * that looking up a handful of players reads 1/32 of a game's players, not all of them. 32
 * series per game keeps the index small.
 */
export const FIRST_SEEN_SHARDS = 32;

export interface RetentionSettings {
  rawDays: number;
  hourlyDays: number;
  /** 0 = forever. */
  dailyDays: number;
}

export interface RetentionPolicySpec {
  name: RetentionPolicyName;
  /** InfluxQL duration, `INF` for forever. */
  duration: string;
  shardDuration: string;
  isDefault: boolean;
}

export function retentionPolicies(r: RetentionSettings): RetentionPolicySpec[] {
  return [
    { name: RP.raw, duration: `${r.rawDays}d`, shardDuration: '1d', isDefault: true },
    { name: RP.hourly, duration: `${r.hourlyDays}d`, shardDuration: '7d', isDefault: false },
    {
      name: RP.daily,
      duration: r.dailyDays === 0 ? 'INF' : `${r.dailyDays}d`,
      shardDuration: '30d',
      isDefault: false,
    },
    { name: RP.forever, duration: 'INF', shardDuration: '30d', isDefault: false },
  ];
}

/** The rollup tiers, finest first. */
export type RollupTier = 'hourly' | 'daily';

const ROLLUP_SELECT: Record<RollupTier, string> = {
  // count(player) counts events: every event has a player.
  hourly:
    `count(${ident(FIELD.player)}) AS ${ident(FIELD.events)}, sum(${ident(FIELD.amount)}) AS ${ident(FIELD.amount)}, ` +
    `sum(${ident(FIELD.duration)}) AS ${ident(FIELD.durationSum)}, count(${ident(FIELD.duration)}) AS ${ident(FIELD.durationCount)}`,
  daily:
    `sum(${ident(FIELD.events)}) AS ${ident(FIELD.events)}, sum(${ident(FIELD.amount)}) AS ${ident(FIELD.amount)}, ` +
    `sum(${ident(FIELD.durationSum)}) AS ${ident(FIELD.durationSum)}, sum(${ident(FIELD.durationCount)}) AS ${ident(FIELD.durationCount)}`,
};

function rollupSource(db: string, tier: RollupTier): string {
  return tier === 'hourly'
    ? fqName(db, RP.raw, MEASUREMENT.events)
    : fqName(db, RP.hourly, MEASUREMENT.events1h);
}

function rollupTarget(db: string, tier: RollupTier): string {
  return tier === 'hourly'
    ? fqName(db, RP.hourly, MEASUREMENT.events1h)
    : fqName(db, RP.daily, MEASUREMENT.events1d);
}

export const TIER_PERIOD_MS: Record<RollupTier, number> = { hourly: HOUR_MS, daily: DAY_MS };

/**
 * Recomputes a tier's rollup points from the tier below for one game and a time range aligned
 * to the tier's period. `GROUP BY *` keeps every tag, so each raw series gets its rollup series.
 * Recomputing from the source is idempotent: the rollup points are overwritten with the same or
 * larger figures, never added to.
 */
export function rollupStatement(
  db: string,
  tier: RollupTier,
  game: string,
  fromMs: number,
  toMs: number,
): string {
  const period = TIER_PERIOD_MS[tier];
  if (fromMs % period !== 0 || toMs % period !== 0 || toMs <= fromMs) {
    throw new RangeError(`rollup range must be whole ${tier} periods: ${fromMs}..${toMs}`);
  }
  return (
    `SELECT ${ROLLUP_SELECT[tier]} INTO ${rollupTarget(db, tier)} FROM ${rollupSource(db, tier)} ` +
    `WHERE ${ident(TAG.game)} = ${str(game)} AND time >= ${msTime(fromMs)} AND time < ${msTime(toMs)} ` +
    `GROUP BY time(${tier === 'hourly' ? '1h' : '1d'}), * fill(none)`
  );
}

/** The same rollups for every game over a range (startup catch-up after an outage). */
export function rollupAllGamesStatement(db: string, tier: RollupTier, fromMs: number, toMs: number): string {
  return (
    `SELECT ${ROLLUP_SELECT[tier]} INTO ${rollupTarget(db, tier)} FROM ${rollupSource(db, tier)} ` +
    `WHERE time >= ${msTime(fromMs)} AND time < ${msTime(toMs)} GROUP BY time(${tier === 'hourly' ? '1h' : '1d'}), * fill(none)`
  );
}

export interface ContinuousQuerySpec {
  name: string;
  statement: string;
}

/**
 * InfluxDB runs these on its own clock: hourly rollups every 5 minutes over the last 3 hours, daily
 * rollups every hour over the last 2 days, so the current hour and day settle without the service.
 * Events for periods older than that (offline play, a consumer catching up, a replay) never reach
 * a continuous query again; the consumer refreshes those periods itself (RollupRefresher).
 */
export function continuousQueries(db: string): ContinuousQuerySpec[] {
  const cq = (name: string, every: string, forWindow: string, tier: RollupTier) => ({
    name,
    statement:
      `CREATE CONTINUOUS QUERY ${ident(name)} ON ${ident(db)} RESAMPLE EVERY ${every} FOR ${forWindow} BEGIN ` +
      `SELECT ${ROLLUP_SELECT[tier]} INTO ${rollupTarget(db, tier)} FROM ${rollupSource(db, tier)} ` +
      `GROUP BY time(${tier === 'hourly' ? '1h' : '1d'}), * END`,
  });
  return [cq('cq_events_1h', '5m', '3h', 'hourly'), cq('cq_events_1d', '1h', '2d', 'daily')];
}

/**
 * How long after a period ends its rollup is trusted by queries: the continuous query has run at
 * least once after the period ended (every 5 min for hours; hourly, after the last hour of the day
 * settled, for days). Until then the period is answered from the tier below.
 */
export const SETTLE_MS: Record<RollupTier, number> = { hourly: 10 * 60_000, daily: 2 * HOUR_MS };
