import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ALERTING_CONFIG, type AlertingConfig } from '../config';
import { LuaScript, REDIS } from '../redis/redis.connection';
import { isActive, type AlertRule } from './alert-rule';

// Applies rule changes only when they are newer than what is stored, so two instances whose
// polls interleave can never put an older version back. ARGV: prefix, cursor, then per rule
// id, updatedAt (ms), JSON ('' = remove). The cursor only moves forward.
const APPLY_RULES_LUA = `
local p = ARGV[1]
for i = 3, #ARGV, 3 do
  local id, version, json = ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 2]
  local stored = tonumber(redis.call('HGET', p .. 'rules:v', id) or '')
  if not stored or version >= stored then
    redis.call('HSET', p .. 'rules:v', id, version)
    if json == '' then redis.call('HDEL', p .. 'rules', id) else redis.call('HSET', p .. 'rules', id, json) end
  end
end
local cursor = redis.call('GET', p .. 'rules:cursor')
if ARGV[2] ~= '' and (not cursor or ARGV[2] > cursor) then redis.call('SET', p .. 'rules:cursor', ARGV[2]) end
return 1
`;

export interface StoredRules {
  rules: AlertRule[];
  /** serverTime of the last poll any instance applied; null before the first. */
  cursor: string | null;
}

/**
 * The active rules, kept in Redis as well as in memory: an instance that starts while core is
 * down still evaluates the rules it last knew, and the counting script copies a rule into the
 * outbox entry of each firing so the email can be sent even if the rule changes afterwards.
 */
@Injectable()
export class RulesStoreRepository {
  private readonly script = new LuaScript('apply-rules', APPLY_RULES_LUA);
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ALERTING_CONFIG) config: Pick<AlertingConfig, 'REDIS_KEY_PREFIX'>,
  ) {
    this.prefix = config.REDIS_KEY_PREFIX;
  }

  async load(): Promise<StoredRules> {
    const [all, cursor] = await Promise.all([
      this.redis.hgetall(`${this.prefix}rules`),
      this.redis.get(`${this.prefix}rules:cursor`),
    ]);
    return { rules: Object.values(all).map((json) => JSON.parse(json) as AlertRule), cursor };
  }

  /** Stores changed rules (inactive ones are removed) and moves the cursor. */
  async apply(changed: readonly AlertRule[], cursor: string): Promise<void> {
    const args: (string | number)[] = [this.prefix, cursor];
    for (const rule of changed) {
      args.push(rule.id, Date.parse(rule.updatedAt) || 0, isActive(rule) ? JSON.stringify(rule) : '');
    }
    await this.script.run(this.redis, [], args);
  }
}
