import { Redis } from 'ioredis';
import { infra, infraControl, uniqueId } from '@gt/testing';

function connect(): Redis {
  // No retries: a connection attempt against a killed server must fail now, not in 20 s.
  return new Redis(infra.redis.url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
}

async function runId(redis: Redis): Promise<string> {
  const info = await redis.info('server');
  return /run_id:(\w+)/.exec(info)![1]!;
}

describe('Redis (AOF)', () => {
  const key = uniqueId('infra_it_aof');

  afterAll(async () => {
    // Whatever happened above, leave the shared stack running and the key gone.
    await infraControl.start('redis');
    const redis = connect();
    await redis.connect();
    await redis.del(key);
    await redis.quit();
  });

  it('runs with appendonly yes and appendfsync everysec', async () => {
    const redis = connect();
    await redis.connect();
    expect(await redis.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    expect(await redis.config('GET', 'appendfsync')).toEqual(['appendfsync', 'everysec']);
    await redis.quit();
  });

  it('keeps an acknowledged write across a SIGKILL of the server', async () => {
    let redis = connect();
    await redis.connect();
    const before = await runId(redis);
    // EX: if the test dies half-way, the key still goes away on its own.
    expect(await redis.set(key, 'survives', 'EX', 600)).toBe('OK');
    await redis.quit();

    // Right after the reply, no time for an fsync to matter: write() already handed it to the OS.
    await infraControl.kill('redis');
    const dead = connect();
    await expect(dead.connect()).rejects.toThrow();
    dead.disconnect();

    await infraControl.start('redis');
    redis = connect();
    await redis.connect();
    expect(await runId(redis)).not.toBe(before); // really a new process
    expect(await redis.get(key)).toBe('survives');
    await redis.quit();
  });
});
