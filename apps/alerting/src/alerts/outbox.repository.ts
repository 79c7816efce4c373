import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ALERTING_CONFIG, type AlertingConfig } from '../config';
import { LuaScript, REDIS } from '../redis/redis.connection';
import type { AlertRule } from '../rules/alert-rule';
import type { Firing, HistoryStatus, OutboxEntry } from './firing';

// Takes up to ARGV[3] due entries and leases them: their due time moves to now + lease, so
// no other instance takes them until this one finishes or dies (then the lease runs out and
// whichever instance polls next retries). Entries whose hash is gone are dropped.
const LEASE_DUE_LUA = `
local p = ARGV[1]
local now = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local leaseUntil = tonumber(ARGV[4])
local token = ARGV[5]
local due = redis.call('ZRANGEBYSCORE', p .. 'ob:due', '-inf', now, 'LIMIT', 0, limit)
local out = {}
for i, key in ipairs(due) do
  local hkey = p .. 'ob:' .. key
  if redis.call('EXISTS', hkey) == 1 then
    redis.call('ZADD', p .. 'ob:due', leaseUntil, key)
    redis.call('HSET', hkey, 'lease', token .. ':' .. i)
    out[#out + 1] = key
    out[#out + 1] = redis.call('HGETALL', hkey)
  else
    redis.call('ZREM', p .. 'ob:due', key)
  end
end
return out
`;

// Applies an update only if the caller still holds the lease. ARGV: prefix, key, lease,
// mode ('retry' | 'done' | 'set'), dueMs, then field/value pairs.
const UPDATE_LUA = `
local p = ARGV[1]
local hkey = p .. 'ob:' .. ARGV[2]
if redis.call('HGET', hkey, 'lease') ~= ARGV[3] then return 0 end
local mode = ARGV[4]
if mode == 'done' then
  redis.call('DEL', hkey)
  redis.call('ZREM', p .. 'ob:due', ARGV[2])
  return 1
end
if #ARGV > 5 then redis.call('HSET', hkey, unpack(ARGV, 6)) end
if mode == 'retry' then
  redis.call('HDEL', hkey, 'lease')
  redis.call('ZADD', p .. 'ob:due', tonumber(ARGV[5]), ARGV[2])
end
return 1
`;

export type OutboxPatch = Partial<
  Pick<
    OutboxEntry,
    'attempts' | 'sentAt' | 'failedAt' | 'lastError' | 'historyId' | 'historyStatus' | 'historyAttempts'
  >
>;

/** The email outbox in Redis: entries are written by the counting script, sent by the dispatcher. */
@Injectable()
export class OutboxRepository {
  private readonly leaseScript = new LuaScript('outbox-lease', LEASE_DUE_LUA);
  private readonly updateScript = new LuaScript('outbox-update', UPDATE_LUA);
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ALERTING_CONFIG) config: Pick<AlertingConfig, 'REDIS_KEY_PREFIX'>,
  ) {
    this.prefix = config.REDIS_KEY_PREFIX;
  }

  /** Leases up to `limit` entries that are due now. */
  async leaseDue(nowMs: number, leaseMs: number, limit: number): Promise<OutboxEntry[]> {
    const raw = await this.leaseScript.run(
      this.redis,
      [],
      [this.prefix, nowMs, limit, nowMs + leaseMs, randomUUID()],
    );
    if (!Array.isArray(raw)) return [];
    const entries: OutboxEntry[] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const fields = raw[i + 1] as string[];
      const h: Record<string, string> = {};
      for (let j = 0; j + 1 < fields.length; j += 2) h[fields[j]] = fields[j + 1];
      entries.push(parseEntry(h));
    }
    return entries;
  }

  /** Records progress while keeping the lease (e.g. the SMTP server accepted the email). */
  async save(entry: OutboxEntry, patch: OutboxPatch): Promise<boolean> {
    return this.update(entry, 'set', 0, patch);
  }

  /** Records progress and gives the entry back to the queue, due at `dueMs`. */
  async retryAt(entry: OutboxEntry, dueMs: number, patch: OutboxPatch): Promise<boolean> {
    return this.update(entry, 'retry', dueMs, patch);
  }

  /** Email and history are settled: the entry leaves the outbox. */
  async complete(entry: OutboxEntry): Promise<boolean> {
    return this.update(entry, 'done', 0, {});
  }

  /** Entries waiting (due or leased). */
  async size(): Promise<number> {
    return this.redis.zcard(`${this.prefix}ob:due`);
  }

  /** When the earliest entry is due, ms, or null when the outbox is empty. */
  async nextDueAt(): Promise<number | null> {
    const first = await this.redis.zrange(`${this.prefix}ob:due`, 0, 0, 'WITHSCORES');
    return first.length === 2 ? Number(first[1]) : null;
  }

  private async update(
    entry: OutboxEntry,
    mode: 'set' | 'retry' | 'done',
    dueMs: number,
    patch: OutboxPatch,
  ): Promise<boolean> {
    const pairs: string[] = [];
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) pairs.push(k, String(v));
    const ok = await this.updateScript.run(
      this.redis,
      [],
      [this.prefix, entry.firing.firingKey, entry.lease, mode, dueMs, ...pairs],
    );
    return ok === 1;
  }
}

function num(v: string | undefined): number | undefined {
  return v === undefined || v === '' ? undefined : Number(v);
}

function parseEntry(h: Record<string, string>): OutboxEntry {
  const status = h.historyStatus;
  return {
    firing: JSON.parse(h.firing ?? '{}') as Firing,
    rule: h.rule ? (JSON.parse(h.rule) as AlertRule) : null,
    attempts: num(h.attempts) ?? 0,
    sentAt: num(h.sentAt),
    failedAt: num(h.failedAt),
    lastError: h.lastError || undefined,
    historyId: h.historyId || undefined,
    historyStatus:
      status === 'pending' || status === 'delivered' || status === 'failed'
        ? (status satisfies HistoryStatus)
        : undefined,
    historyAttempts: num(h.historyAttempts) ?? 0,
    lease: h.lease ?? '',
  };
}
