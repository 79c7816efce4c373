// Stores one batch of events: raw points, presence points, first-seen points, and a pending mark
// for the rollup periods that had already ended (recomputed by RollupRefresher). Everything it writes is idempotent, so a batch retried
// after a failure (InfluxDB down halfway) or replayed from Kafka changes no figure.
import type { EventEnvelope } from '@gt/contracts';
import { InfluxRejectedError } from '../storage/influx.errors';
import type { InfluxRepository, RollupRange } from '../storage/influx.repository';
import { DAY_MS, HOUR_MS, RP } from '../storage/schema';
import { LruMap } from '../util/lru';
import { eventMs, eventPoint, floorTo, line, presenceDayPoint, presenceHourPoint } from './event-points';
import type { FirstSeenObservations, FirstSeenTracker } from './first-seen.tracker';
import { lateRollupRanges } from './rollup-ranges';

export type EventStoreRepository = Pick<InfluxRepository, 'write' | 'markRollupsPending'>;

/** Where periods that need their rollups recomputed go (RollupRefresher). */
export interface PendingRollups {
  enqueue(ranges: readonly RollupRange[]): void;
}

export interface EventStoreSettings {
  rawRetentionDays: number;
  hourlyRetentionDays: number;
  /** Presence points this process wrote recently and need not write again. */
  presenceCacheSize: number;
}

export interface RejectedEvent {
  envelope: EventEnvelope;
  message: string;
}

export interface StoreOutcome {
  stored: number;
  /** Older than raw retention: InfluxDB would drop them; nothing to count them in. */
  expired: number;
  /** Refused by InfluxDB (e.g. a tag value limit): for the dead-letter topic. */
  rejected: RejectedEvent[];
  newPlayers: number;
  rollupRanges: number;
}

interface Pending {
  envelope: EventEnvelope;
  line: string;
  ms: number;
}

export class EventStore {
  private readonly presenceWritten: LruMap<string, true>;

  constructor(
    private readonly repo: EventStoreRepository,
    private readonly firstSeen: FirstSeenTracker,
    private readonly rollups: PendingRollups,
    private readonly settings: EventStoreSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.presenceWritten = new LruMap(settings.presenceCacheSize);
  }

  async store(envelopes: readonly EventEnvelope[]): Promise<StoreOutcome> {
    const nowMs = this.now();
    // InfluxDB drops points older than the retention policy's duration ("points beyond
    // retention policy dropped") and refuses the request: leave them out instead. A minute of
    // margin covers the time between this check and the write.
    const oldest = nowMs - this.settings.rawRetentionDays * DAY_MS + 60_000;
    const pending: Pending[] = [];
    let expired = 0;
    for (const envelope of envelopes) {
      const ms = eventMs(envelope.event);
      if (ms < oldest) {
        expired++;
        continue;
      }
      pending.push({ envelope, line: line(eventPoint(envelope)), ms });
    }

    const rejected = await this.writeIsolating(pending);
    const refused = new Set(rejected.map((r) => r.envelope));
    const stored = pending.filter((p) => !refused.has(p.envelope));

    const hourLines: string[] = [];
    const dayLines: string[] = [];
    const presenceKeys = new Set<string>();
    const observations: FirstSeenObservations = new Map();
    const touched = new Map<string, Set<number>>();
    for (const { envelope, ms } of stored) {
      const game = envelope.gameId;
      const player = envelope.event.playerId;
      const hour = floorTo(ms, HOUR_MS);
      const day = floorTo(ms, DAY_MS);
      const hourKey = `h:${game}:${hour}:${player}`;
      if (!this.presenceWritten.has(hourKey) && !presenceKeys.has(hourKey)) {
        presenceKeys.add(hourKey);
        hourLines.push(line(presenceHourPoint(game, player, ms)));
      }
      const dayKey = `d:${game}:${day}:${player}`;
      if (!this.presenceWritten.has(dayKey) && !presenceKeys.has(dayKey)) {
        presenceKeys.add(dayKey);
        dayLines.push(line(presenceDayPoint(game, player, ms)));
      }
      let players = observations.get(game);
      if (players === undefined) observations.set(game, (players = new Map()));
      const seen = players.get(player);
      if (seen === undefined || ms < seen) players.set(player, ms);
      let hours = touched.get(game);
      if (hours === undefined) touched.set(game, (hours = new Set()));
      hours.add(hour);
    }

    const ranges = lateRollupRanges(touched, {
      nowMs,
      rawRetentionMs: this.settings.rawRetentionDays * DAY_MS,
      hourlyRetentionMs: this.settings.hourlyRetentionDays * DAY_MS,
    });
    // All three only need the raw points, which are stored: run them side by side. The late
    // periods are marked pending before the batch may be committed; RollupRefresher recomputes
    // them within a second.
    const [, { newPlayers }] = await Promise.all([
      this.repo
        .write([
          { rp: RP.hourly, lines: hourLines },
          { rp: RP.daily, lines: dayLines },
        ])
        .then(() => {
          // Remembered only once stored, so a retried batch writes what a failed one did not.
          for (const k of presenceKeys) this.presenceWritten.set(k, true);
        }),
      this.firstSeen.record(observations),
      this.repo.markRollupsPending(ranges),
    ]);
    this.rollups.enqueue(ranges);
    return { stored: stored.length, expired, rejected, newPlayers, rollupRanges: ranges.length };
  }

  /** Forget what is known about players' first events (see FirstSeenTracker.clear). */
  forgetPlayers(): void {
    this.firstSeen.clear();
  }

  /**
   * Writes raw points; when InfluxDB refuses the request (4xx), halves it until the refused
   * events are isolated. The good points of a refused request may already be stored ("partial
   * write"), which is fine: writing them again is a no-op. An outage (InfluxUnavailableError)
   * is thrown as is, so the whole batch is retried.
   */
  private async writeIsolating(items: readonly Pending[]): Promise<RejectedEvent[]> {
    if (items.length === 0) return [];
    try {
      await this.repo.write([{ rp: RP.raw, lines: items.map((i) => i.line) }]);
      return [];
    } catch (err) {
      if (!(err instanceof InfluxRejectedError)) throw err;
      if (items.length === 1) return [{ envelope: (items[0] as Pending).envelope, message: err.message }];
      const mid = Math.ceil(items.length / 2);
      return [
        ...(await this.writeIsolating(items.slice(0, mid))),
        ...(await this.writeIsolating(items.slice(mid))),
      ];
    }
  }
}
