// What one event becomes in InfluxDB (apps/metrics/README.md, "Data model"). Pure functions, so
// the benchmark's direct-write baseline writes exactly the points the consumer writes.
import type { EventEnvelope, TelemetryEvent } from '@gt/contracts';
import { Point } from '@influxdata/influxdb-client';
import { eventTimeNs, hash53, slotTimeNs } from '../storage/point-time';
import { DAY_MS, FIELD, FIRST_SEEN_SHARDS, HOUR_MS, MEASUREMENT, TAG } from '../storage/schema';

/** The event's own time (client clock), in epoch milliseconds. */
export function eventMs(event: TelemetryEvent): number {
  return Date.parse(event.timestamp);
}

/**
 * The raw point of an event. Tags are the dimensions queries group by, all of bounded
 * cardinality per game; player and session ids are fields, never tags.
 */
export function eventPoint(envelope: EventEnvelope): Point {
  const e = envelope.event;
  const p = new Point(MEASUREMENT.events)
    .tag(TAG.game, envelope.gameId)
    .tag(TAG.type, e.type)
    .stringField(FIELD.player, e.playerId)
    .stringField(FIELD.session, e.sessionId)
    .timestamp(eventTimeNs(eventMs(e), e.eventId));
  switch (e.type) {
    case 'session_start':
      break;
    case 'session_end':
      if (e.durationSeconds !== undefined) p.floatField(FIELD.duration, e.durationSeconds);
      break;
    case 'design':
      p.tag(TAG.name, e.name);
      if (e.value !== undefined) p.floatField(FIELD.value, e.value);
      break;
    case 'progression':
      p.tag(TAG.level, e.level).tag(TAG.status, e.status);
      if (e.score !== undefined) p.floatField(FIELD.score, e.score);
      if (e.attempt !== undefined) p.intField(FIELD.attempt, e.attempt);
      break;
    case 'purchase':
      p.tag(TAG.currency, e.currency).intField(FIELD.amount, e.amount).stringField(FIELD.item, e.itemId);
      break;
    case 'error':
      p.tag(TAG.severity, e.severity);
      break;
  }
  return p;
}

export function floorTo(ms: number, period: number): number {
  return Math.floor(ms / period) * period;
}

/** One point per player and UTC hour: written again, it is the same point. */
export function presenceHourPoint(game: string, player: string, ms: number): Point {
  const hour = floorTo(ms, HOUR_MS);
  return new Point(MEASUREMENT.players1h)
    .tag(TAG.game, game)
    .stringField(FIELD.player, player)
    .timestamp(slotTimeNs(hour, HOUR_MS, player));
}

/** One point per player and UTC day. */
export function presenceDayPoint(game: string, player: string, ms: number): Point {
  const day = floorTo(ms, DAY_MS);
  return new Point(MEASUREMENT.players1d)
    .tag(TAG.game, game)
    .stringField(FIELD.player, player)
    .timestamp(slotTimeNs(day, DAY_MS, player));
}

export function firstSeenShard(player: string): string {
  return String(hash53(`shard:${player}`) % FIRST_SEEN_SHARDS);
}

/** Nanosecond time of a first-seen point: the first event's millisecond plus a per-player offset. */
export function firstSeenTimeNs(player: string, ms: number): bigint {
  return BigInt(slotTimeNs(ms, 1, player));
}

export function firstSeenPoint(game: string, player: string, timeNs: bigint): Point {
  return new Point(MEASUREMENT.firstSeen)
    .tag(TAG.game, game)
    .tag(TAG.shard, firstSeenShard(player))
    .stringField(FIELD.player, player)
    .timestamp(timeNs.toString());
}

export function line(p: Point): string {
  const text = p.toLineProtocol();
  // Every point above has at least one field, so this cannot happen; fail loudly if it does.
  if (text === undefined) throw new Error(`point without fields: ${p.toString()}`);
  return text;
}
