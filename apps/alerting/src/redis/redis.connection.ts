import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';

/** Nest injection token of the shared ioredis client. */
export const REDIS = Symbol('REDIS');

/**
 * The one ioredis client of the service. Commands fail fast while Redis is down (one
 * reconnect attempt, then an error) so the Kafka consumer pauses and retries its batch
 * instead of piling batches up in memory behind a dead connection.
 */
export function createRedis(url: string): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    connectTimeout: 2000,
    commandTimeout: 10_000,
    // Reconnect forever (Redis down at boot or restarted later), at most once a second.
    retryStrategy: (times) => Math.min(100 * times, 1000),
  });
  // Without a listener ioredis prints every connection error; the health check and the
  // consumer's retries already report an outage.
  redis.on('error', () => undefined);
  return redis;
}

export type RedisArg = string | Buffer | number;

/**
 * A Lua script run by EVALSHA, loaded again with EVAL when Redis answers NOSCRIPT (after a
 * restart the script cache is empty). Scripts run atomically and are written to the AOF as
 * one unit, which is what makes counting, claiming a firing and queueing its email one step.
 */
export class LuaScript {
  readonly sha: string;

  constructor(
    readonly name: string,
    readonly source: string,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, keys: readonly string[], args: readonly RedisArg[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (e) {
      if (e instanceof Error && e.message.startsWith('NOSCRIPT')) {
        return redis.eval(this.source, keys.length, ...keys, ...args);
      }
      throw e;
    }
  }
}
