import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ALERTING_CONFIG, type AlertingConfig } from '../config';
import type { CounterPlan, GamePlan } from '../rules/counter-plan';
import { LuaScript, REDIS, type RedisArg } from '../redis/redis.connection';
import { COUNT_EVENTS_LUA } from './count-events.lua';

/** The part of an event the counters need. */
export interface CountableEvent {
  gameId: string;
  playerId: string;
  /** A UUID (the contracts only accept UUIDs), stored as its 16 bytes. */
  eventId: string;
  /** Client time in ms: stable when a client resends the same event, so a resend lands in the same window. */
  timestampMs: number;
  type: string;
  /** The design event's name, '' otherwise. */
  name: string;
}

export interface CountOptions {
  nowMs: number;
  /** How long after a window closes its events are still counted (and deduplicated). */
  graceMs: number;
  playersFloor: number;
}

/**
 * Players this process has already seen added to their game's set (or the set was full),
 * so the script can skip their SADD: most events come from returning players, and a skipped
 * redis.call is the largest saving per event. Sets only grow and Redis keeps them (AOF), so a
 * player once in stays in; the memo is dropped whenever the rules change (a cap may rise) and
 * is bounded (about 60 bytes per entry; cleared when full).
 */
export class KnownPlayers {
  private readonly games = new Map<string, Set<string>>();
  private size = 0;

  constructor(private readonly max: number) {}

  has(gameId: string, playerId: string): boolean {
    return this.games.get(gameId)?.has(playerId) ?? false;
  }

  add(gameId: string, playerId: string): void {
    if (this.has(gameId, playerId)) return;
    if (this.size >= this.max) this.clear();
    let players = this.games.get(gameId);
    if (!players) {
      players = new Set();
      this.games.set(gameId, players);
    }
    players.add(playerId);
    this.size++;
  }

  clear(): void {
    this.games.clear();
    this.size = 0;
  }
}

/**
 * Redis counters, one Lua script call per chunk of up to CHUNK events. Larger chunks mean
 * fewer calls per event (the script works per counter); the bound keeps each script to tens
 * of milliseconds, since Redis serves no other client (the other instance, the outbox) while
 * a script runs, and keeps every SMISMEMBER/SADD argument list within Lua's unpack limit.
 */
@Injectable()
export class CountersRepository {
  static readonly CHUNK = 2000;
  private readonly script = new LuaScript('count-events', COUNT_EVENTS_LUA);
  private readonly prefix: string;
  private readonly known = new KnownPlayers(500_000);
  private knownFor: CounterPlan | undefined;
  /** Window-players keys whose expiry this process has set (they expire at a fixed time). */
  private readonly expiring = new Set<string>();
  private readonly claimedPlayers = new Set<string>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ALERTING_CONFIG) config: Pick<AlertingConfig, 'REDIS_KEY_PREFIX'>,
  ) {
    this.prefix = config.REDIS_KEY_PREFIX;
  }

  /** Counts the events and returns the firing keys this call claimed (already in the outbox). */
  async count(events: readonly CountableEvent[], plan: CounterPlan, opts: CountOptions): Promise<string[]> {
    if (plan !== this.knownFor) {
      this.known.clear();
      this.knownFor = plan;
    }
    const fired: string[] = [];
    for (let i = 0; i < events.length; i += CountersRepository.CHUNK) {
      const chunk = events.slice(i, i + CountersRepository.CHUNK);
      const groups = groupChunk(chunk, plan, opts, this.known);
      const args: RedisArg[] = [
        this.prefix,
        opts.nowMs,
        opts.graceMs,
        opts.playersFloor,
        plansJson(groups.games, plan),
        this.skipJson(groups.players.keys(), plan),
      ];
      args.push(groups.hll.size);
      for (const [suffix, g] of groups.hll) {
        args.push(suffix, this.expiring.has(suffix) ? '' : g.expireAt, g.players.size, ...g.players);
      }
      args.push(groups.players.size);
      for (const [gameId, g] of groups.players) args.push(gameId, g.entries.length / 3, ...g.entries);
      args.push(groups.windows.size);
      for (const g of groups.windows.values())
        args.push(g.gameId, g.index, g.startMs, g.entries.length / 2, ...g.entries);

      const out = await this.script.run(this.redis, [], args);
      // The script ran: every player of the chunk is in its game's set now (or the set is full),
      // every window-players key has its expiry.
      for (const e of chunk) this.known.add(e.gameId, e.playerId);
      if (this.expiring.size > 100_000) this.expiring.clear();
      for (const suffix of groups.hll.keys()) this.expiring.add(suffix);
      const [claimed, alreadyClaimed] = Array.isArray(out) ? (out as [unknown, unknown]) : [[], []];
      if (Array.isArray(claimed)) for (const k of claimed) fired.push(String(k));
      if (Array.isArray(alreadyClaimed)) for (const k of alreadyClaimed) this.claimedPlayers.add(String(k));
    }
    return fired;
  }

  /** Players firings known to be claimed, so the script does not try them again every chunk. */
  private skipJson(gameIds: Iterable<string>, plan: CounterPlan): string {
    const skip: Record<string, true> = {};
    for (const gameId of gameIds) {
      for (const [ruleId, threshold] of plan.games.get(gameId)?.pr ?? []) {
        const key = `${ruleId}:players:${threshold}`;
        if (this.claimedPlayers.has(key)) skip[key] = true;
      }
    }
    return JSON.stringify(skip);
  }

  /** Exact distinct players of a game so far (capped at the game's plan cap). */
  async players(gameId: string): Promise<number> {
    return this.redis.scard(`${this.prefix}pl:${gameId}`);
  }

  /** Events counted for one windowed counter in the window containing `atMs`. */
  async windowCount(gameId: string, windowSeconds: number, selector: string, atMs: number): Promise<number> {
    const wms = windowSeconds * 1000;
    const start = (atMs - (atMs % wms)) / 1000;
    return this.redis.scard(`${this.prefix}w:${gameId}:${windowSeconds}:${selector}:${start}`);
  }
}

interface ChunkGroups {
  games: Set<string>;
  /** "<game>:<w>:<startSec>" -> players seen in that window. */
  hll: Map<string, HllGroup>;
  /** gameId -> (playerId, eventId bytes, timestamp) of each player's first event in the chunk. */
  players: Map<string, { seen: Set<string>; entries: RedisArg[] }>;
  /** "<game>|<index>|<start>" -> (eventId bytes, timestamp) of the events the counter counts. */
  windows: Map<string, WindowGroup>;
}

function matches(selector: string, e: CountableEvent): boolean {
  if (selector === '*') return true;
  if (selector.startsWith('t:')) return selector.length === e.type.length + 2 && selector.endsWith(e.type);
  return e.name !== '' && selector.length === e.name.length + 2 && selector.endsWith(e.name);
}

type HllGroup = { expireAt: number; players: Set<string> };
type WindowGroup = { gameId: string; index: number; startMs: number; seen: Set<string>; entries: RedisArg[] };

/** Per game, the groups of the window each counter saw last: consecutive events mostly share it. */
interface GameCursor {
  players: { seen: Set<string>; entries: RedisArg[] };
  ws: GamePlan['ws'] | undefined;
  lastStart: number[];
  lastHll: (HllGroup | undefined)[];
  lastWindow: (WindowGroup | undefined)[];
}

/** Groups a chunk by counter, in event order; the script then works per counter, not per event. */
export function groupChunk(
  chunk: readonly CountableEvent[],
  plan: CounterPlan,
  opts: CountOptions,
  known: KnownPlayers,
): ChunkGroups {
  const groups: ChunkGroups = { games: new Set(), hll: new Map(), players: new Map(), windows: new Map() };
  const cursors = new Map<string, GameCursor>();
  for (const e of chunk) {
    let cursor = cursors.get(e.gameId);
    if (!cursor) {
      const ws = plan.games.get(e.gameId)?.ws;
      cursor = { players: { seen: new Set(), entries: [] }, ws, lastStart: [], lastHll: [], lastWindow: [] };
      cursors.set(e.gameId, cursor);
      groups.games.add(e.gameId);
      groups.players.set(e.gameId, cursor.players);
    }
    const players = cursor.players;
    if (!players.seen.has(e.playerId) && !known.has(e.gameId, e.playerId)) {
      players.seen.add(e.playerId);
      players.entries.push(e.playerId, uuidBytes(e.eventId), e.timestampMs);
    }
    const ws = cursor.ws;
    if (!ws) continue;
    let lastWindowSeconds = -1;
    for (let index = 0; index < ws.length; index++) {
      const [windowSeconds, selector] = ws[index];
      const wms = windowSeconds * 1000;
      const startMs = e.timestampMs - (e.timestampMs % wms);
      // Windows that closed longer than the grace ago (or lie implausibly far ahead) are not
      // counted: their dedup memory may be gone, and a stale window must not alert today.
      if (startMs + wms + opts.graceMs <= opts.nowMs || e.timestampMs > opts.nowMs + opts.graceMs) continue;
      if (cursor.lastStart[index] !== startMs) {
        cursor.lastStart[index] = startMs;
        cursor.lastHll[index] = undefined;
        cursor.lastWindow[index] = undefined;
      }
      if (windowSeconds !== lastWindowSeconds) {
        lastWindowSeconds = windowSeconds;
        let hll = cursor.lastHll[index];
        if (!hll) {
          const suffix = `${e.gameId}:${windowSeconds}:${startMs / 1000}`;
          hll = groups.hll.get(suffix);
          if (!hll) {
            hll = { expireAt: startMs + wms + opts.graceMs, players: new Set() };
            groups.hll.set(suffix, hll);
          }
          cursor.lastHll[index] = hll;
        }
        hll.players.add(e.playerId);
      }
      if (!matches(selector, e)) continue;
      let window = cursor.lastWindow[index];
      if (!window) {
        const key = `${e.gameId}|${index}|${startMs}`;
        window = groups.windows.get(key);
        if (!window) {
          window = { gameId: e.gameId, index: index + 1, startMs, seen: new Set(), entries: [] };
          groups.windows.set(key, window);
        }
        cursor.lastWindow[index] = window;
      }
      if (window.seen.has(e.eventId)) continue;
      window.seen.add(e.eventId);
      window.entries.push(uuidBytes(e.eventId), e.timestampMs);
    }
  }
  // Games whose players are all known still go to the script (with none), for the catch-up
  // of players rules; games with nothing to do at all are dropped.
  for (const [gameId, g] of groups.players) {
    if (g.entries.length === 0 && !plan.games.get(gameId)?.pr.length) groups.players.delete(gameId);
  }
  return groups;
}

function plansJson(gameIds: Iterable<string>, plan: CounterPlan): string {
  const parts: string[] = [];
  for (const gameId of gameIds) {
    const json = plan.json.get(gameId);
    if (json) parts.push(`${JSON.stringify(gameId)}:${json}`);
  }
  return `{${parts.join(',')}}`;
}

/** Exported for tests. */
export function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}
