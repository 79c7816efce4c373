// "New players" needs each player's first event, which InfluxQL cannot compute (no grouping by a
// field). So the consumer keeps one point per player at their first event (players_first_seen)
// and decides, batch by batch, which players are new.
//
// Knowing that a player is *absent* is the expensive part. The first time a game is seen, all
// its first-seen points are loaded (one scan) into a snapshot that is then authoritative: every
// player of a game lives on one Kafka partition (records are keyed game:player), and only the
// consumer that owns a partition writes its players' points. When ownership may have changed (a
// gap in a partition's offsets: see EventsConsumer), the snapshots are dropped and reloaded.
// A game with more players than the snapshot budget is answered by lookups instead: a player in
// an LRU cache is known; any other is looked up (the `shard` tag narrows the scan to 1/32).
//
// A player not found is new: one point at their earliest event of the batch. A known player with
// an earlier event (offline play arriving late) moves: a point at the earlier time is written,
// then the old one deleted. A crash in between leaves two points; the next load or lookup of that
// player keeps the earliest and deletes the rest.
import type { InfluxRepository } from '../storage/influx.repository';
import { RP } from '../storage/schema';
import { LruMap } from '../util/lru';
import { firstSeenPoint, firstSeenShard, firstSeenTimeNs, line } from './event-points';

export type FirstSeenStore = Pick<
  InfluxRepository,
  'findFirstSeen' | 'allFirstSeen' | 'deleteFirstSeen' | 'write'
>;

/** game id -> player id -> earliest event time (ms) in the batch. */
export type FirstSeenObservations = Map<string, Map<string, number>>;

export interface FirstSeenResult {
  newPlayers: number;
  moved: number;
  healed: number;
}

type Knowledge =
  /** Every player of the game: absent from the map means never seen. */
  | { kind: 'snapshot'; players: Map<string, bigint> }
  /** Too many players to hold: known players are cached, the others looked up. */
  | { kind: 'lookup' };

export class FirstSeenTracker {
  private readonly games = new Map<string, Knowledge>();
  private readonly loading = new Map<string, Promise<{ knowledge: Knowledge; healed: number }>>();
  /** Players held in snapshots, bounded by `budget`. */
  private held = 0;
  private readonly cache: LruMap<string, bigint>;

  constructor(
    private readonly store: FirstSeenStore,
    private readonly budget: number,
  ) {
    this.cache = new LruMap(Math.max(1000, Math.floor(budget / 4)));
  }

  async record(observations: FirstSeenObservations): Promise<FirstSeenResult> {
    const writes: string[] = [];
    const deletes: { game: string; shard: string; timeNs: bigint }[] = [];
    const updates: { game: string; player: string; timeNs: bigint }[] = [];
    let newPlayers = 0;
    let moved = 0;
    let healed = 0;

    for (const [game, players] of observations) {
      let knowledge = this.games.get(game);
      if (knowledge === undefined) {
        // Two batches in flight may meet a new game together: one load serves both.
        let loading = this.loading.get(game);
        if (loading === undefined) {
          loading = this.load(game, deletes).finally(() => this.loading.delete(game));
          this.loading.set(game, loading);
        }
        const loaded = await loading;
        knowledge = loaded.knowledge;
        healed += loaded.healed;
      }
      const known = new Map<string, bigint>();
      if (knowledge.kind === 'snapshot') {
        for (const player of players.keys()) {
          const t = knowledge.players.get(player);
          if (t !== undefined) known.set(player, t);
        }
      } else {
        const unknown: string[] = [];
        for (const player of players.keys()) {
          const cached = this.cache.get(key(game, player));
          if (cached === undefined) unknown.push(player);
          else known.set(player, cached);
        }
        if (unknown.length > 0) {
          const found = await this.store.findFirstSeen(game, unknown, firstSeenShard);
          for (const [player, times] of found) {
            healed += this.keepEarliest(game, player, times, known, deletes);
            const t = known.get(player);
            if (t !== undefined) updates.push({ game, player, timeNs: t });
          }
        }
      }
      for (const [player, ms] of players) {
        const candidate = firstSeenTimeNs(player, ms);
        const current = known.get(player);
        if (current === undefined) {
          newPlayers++;
        } else if (msOf(candidate) < msOf(current)) {
          moved++;
          deletes.push({ game, shard: firstSeenShard(player), timeNs: current });
        } else {
          continue;
        }
        writes.push(line(firstSeenPoint(game, player, candidate)));
        updates.push({ game, player, timeNs: candidate });
      }
    }
    // The new point first: a crash before the delete leaves a duplicate that the next load or
    // lookup heals, never a player without a first-seen point.
    if (writes.length > 0) await this.store.write([{ rp: RP.forever, lines: writes }]);
    await this.store.deleteFirstSeen(deletes);
    for (const u of updates) this.remember(u.game, u.player, u.timeNs);
    return { newPlayers, moved, healed };
  }

  /**
   * Drops every snapshot and cached player: another consumer may have recorded players of our
   * partitions meanwhile (a rebalance), or the database was recreated.
   */
  clear(): void {
    this.games.clear();
    this.held = 0;
    this.cache.clear();
  }

  private async load(
    game: string,
    deletes: { game: string; shard: string; timeNs: bigint }[],
  ): Promise<{ knowledge: Knowledge; healed: number }> {
    const room = this.budget - this.held;
    const all = room > 0 ? await this.store.allFirstSeen(game, room) : undefined;
    let knowledge: Knowledge;
    let healed = 0;
    if (all === undefined) {
      knowledge = { kind: 'lookup' };
    } else {
      const players = new Map<string, bigint>();
      for (const [player, times] of all) healed += this.keepEarliest(game, player, times, players, deletes);
      this.held += players.size;
      knowledge = { kind: 'snapshot', players };
    }
    this.games.set(game, knowledge);
    return { knowledge, healed };
  }

  /** Records the earliest of a player's points in `into`; schedules the others for deletion. */
  private keepEarliest(
    game: string,
    player: string,
    times: readonly bigint[],
    into: Map<string, bigint>,
    deletes: { game: string; shard: string; timeNs: bigint }[],
  ): number {
    const sorted = [...times].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const [earliest, ...extra] = sorted;
    if (earliest === undefined) return 0;
    into.set(player, earliest);
    for (const t of extra) deletes.push({ game, shard: firstSeenShard(player), timeNs: t });
    return extra.length;
  }

  private remember(game: string, player: string, timeNs: bigint): void {
    const knowledge = this.games.get(game);
    if (knowledge?.kind === 'snapshot') {
      if (!knowledge.players.has(player)) this.held++;
      knowledge.players.set(player, timeNs);
    } else {
      this.cache.set(key(game, player), timeNs);
    }
  }
}

function key(game: string, player: string): string {
  // Game ids are UUIDs (fixed length), so the concatenation is unambiguous.
  return `${game}:${player}`;
}

function msOf(ns: bigint): bigint {
  return ns / 1_000_000n;
}
