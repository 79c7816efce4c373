// ConsumerRunner without a broker: a fake consumer whose start() fails on demand, and short
// real backoffs (5 ms doubling to 20 ms) so the order of attempts, logs and readiness are exact.
import type { BatchConsumerStatus } from './consumer';
import { ConsumerRunner, type ConsumerRunnerOptions, type RunnableConsumer } from './consumer-runner';
import type { KafkaLogEntry } from './logger';

const RETRY = { initialMs: 5, maxMs: 20 };

function deferred<T = void>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 1));
  }
}

class FakeConsumer implements RunnableConsumer {
  calls: string[] = [];
  /** start() rejects this many times before it resolves. */
  failStarts = 0;
  /** When set, start() waits for it (an attempt in flight). */
  startGate: Promise<void> | undefined;
  state: Partial<BatchConsumerStatus> = {};

  async start(): Promise<void> {
    this.calls.push('start');
    await this.startGate;
    if (this.failStarts > 0) {
      this.failStarts -= 1;
      throw new Error('broker unreachable');
    }
    this.state = { ...this.state, connected: true, running: true };
  }

  stop(): Promise<void> {
    this.calls.push('stop');
    this.state = { ...this.state, connected: false, running: false };
    return Promise.resolve();
  }

  status(): BatchConsumerStatus {
    return {
      consumerName: 'unit',
      groupId: 'unit-group',
      topic: 'events',
      connected: false,
      running: false,
      retrying: false,
      lastError: null,
      handled: 0,
      deadLettered: 0,
      lastCommitAt: null,
      ...this.state,
    };
  }
}

function setUp(options: Partial<ConsumerRunnerOptions> = {}) {
  const consumer = new FakeConsumer();
  const logs: KafkaLogEntry[] = [];
  const runner = new ConsumerRunner(consumer, {
    logger: (e) => logs.push(e),
    retry: RETRY,
    ...options,
  });
  const ready = runner.readiness();
  const readiness = (): string => {
    try {
      ready();
      return 'ok';
    } catch (err) {
      return (err as Error).message;
    }
  };
  return { consumer, logs, runner, readiness };
}

describe('ConsumerRunner', () => {
  it('starts in the background and retries a failing start, doubling the backoff up to the maximum', async () => {
    const { consumer, logs, runner, readiness } = setUp();
    consumer.failStarts = 4;
    expect(readiness()).toBe('consumer not started');

    runner.start();
    expect(runner.phase()).toBe('starting');
    await until(() => runner.phase() === 'consuming');

    expect(consumer.calls).toEqual(['start', 'start', 'start', 'start', 'start']);
    const retries = logs.filter((l) => l.level === 'warn');
    // 5, 10, 20, then capped at 20.
    expect(retries.map((l) => l.fields.inMs)).toEqual([5, 10, 20, 20]);
    expect(retries[0]).toEqual({
      level: 'warn',
      message: 'cannot start consuming; retrying',
      namespace: 'ConsumerRunner:unit',
      fields: { error: 'broker unreachable', attempt: 1, inMs: 5 },
    });
    expect(logs.at(-1)).toMatchObject({ level: 'info', message: 'consuming events as group unit-group' });
    expect(readiness()).toBe('ok');
    await runner.stop();
  });

  it('reports the last failed start in readiness while it retries', async () => {
    const { consumer, runner, readiness } = setUp({ retry: { initialMs: 60_000 } });
    consumer.failStarts = 1;
    runner.start();
    await until(() => readiness() !== 'consumer is starting');
    expect(readiness()).toBe('cannot start consuming: broker unreachable');
    await runner.stop();
  });

  it('waits for waitFor, then runs prepare (retried), then starts the consumer', async () => {
    const rules = deferred();
    let prepareFailures = 2;
    const order: string[] = [];
    const { consumer, logs, runner, readiness } = setUp({
      waitFor: { what: 'the rules', ready: () => rules.promise },
      prepare: {
        what: 'read pending rollups',
        run: () => {
          order.push('prepare');
          if (prepareFailures-- > 0) return Promise.reject(new Error('influx down'));
          return Promise.resolve();
        },
      },
    });
    runner.start();
    await new Promise((r) => setTimeout(r, 20));
    expect(runner.phase()).toBe('waiting');
    expect(readiness()).toBe('waiting for the rules');
    expect(order).toEqual([]);
    expect(consumer.calls).toEqual([]);

    rules.resolve();
    await until(() => runner.phase() === 'consuming');
    expect(order).toEqual(['prepare', 'prepare', 'prepare']);
    expect(consumer.calls).toEqual(['start']);
    expect(logs.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
      'cannot read pending rollups; retrying',
      'cannot read pending rollups; retrying',
    ]);
    await runner.stop();
  });

  it('says why prepare has not succeeded yet', async () => {
    const { runner, readiness } = setUp({
      retry: { initialMs: 60_000 },
      prepare: { what: 'read pending rollups', run: () => Promise.reject(new Error('influx down')) },
    });
    runner.start();
    await until(() => readiness() !== 'preparing: read pending rollups');
    expect(readiness()).toBe('cannot read pending rollups: influx down');
    await runner.stop();
  });

  it('stops waiting on stop(): nothing is prepared or started, and the consumer is stopped', async () => {
    const prepare = jest.fn(() => Promise.resolve());
    const { consumer, runner } = setUp({
      waitFor: { what: 'the schema', ready: () => new Promise(() => undefined) },
      prepare: { what: 'prepare', run: prepare },
    });
    runner.start();
    await runner.stop();
    expect(prepare).not.toHaveBeenCalled();
    expect(consumer.calls).toEqual(['stop']);
    expect(runner.phase()).toBe('stopped');
  });

  it('cuts a backoff short on stop()', async () => {
    const { consumer, runner } = setUp({ retry: { initialMs: 60_000 } });
    consumer.failStarts = 1;
    runner.start();
    await until(() => consumer.calls.length === 1);
    await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    await runner.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(consumer.calls).toEqual(['start', 'stop']);
  });

  it('lets a start in flight finish, then stops the consumer it started', async () => {
    const gate = deferred();
    const { consumer, logs, runner } = setUp();
    consumer.startGate = gate.promise;
    runner.start();
    await until(() => consumer.calls.length === 1);

    const stopped = runner.stop();
    expect(runner.phase()).toBe('stopping');
    await new Promise((r) => setTimeout(r, 10));
    expect(consumer.calls).toEqual(['start']); // stop() waits for the attempt in flight
    gate.resolve();
    await stopped;
    expect(consumer.calls).toEqual(['start', 'stop']);
    expect(runner.phase()).toBe('stopped');
    expect(logs.some((l) => l.message.startsWith('consuming'))).toBe(false);
  });

  it('awaits a prepare attempt in flight rather than abandoning it, and starts nothing after', async () => {
    const gate = deferred();
    let prepared = false;
    const { consumer, runner } = setUp({
      prepare: {
        what: 'prepare',
        run: async () => {
          await gate.promise;
          prepared = true;
        },
      },
    });
    runner.start();
    await new Promise((r) => setTimeout(r, 5));
    const stopped = runner.stop();
    gate.resolve();
    await stopped;
    expect(prepared).toBe(true);
    expect(consumer.calls).toEqual(['stop']);
  });

  it('is one run: start twice throws, stop is idempotent, start after stop throws', async () => {
    const { consumer, runner } = setUp();
    runner.start();
    expect(() => runner.start()).toThrow('already starting');
    await Promise.all([runner.stop(), runner.stop()]);
    await runner.stop();
    expect(consumer.calls.filter((c) => c === 'stop')).toHaveLength(1);
    expect(() => runner.start()).toThrow('already stopped');
  });

  it('can be stopped before it was started', async () => {
    const { consumer, runner, readiness } = setUp();
    await runner.stop();
    expect(consumer.calls).toEqual(['stop']);
    expect(readiness()).toBe('consumer stopped');
  });

  describe('readiness once consuming', () => {
    async function consuming(options?: Parameters<ConsumerRunner['readiness']>[0]) {
      const { consumer, runner } = setUp();
      runner.start();
      await until(() => runner.phase() === 'consuming');
      const check = runner.readiness(options);
      const readiness = (): string => {
        try {
          check();
          return 'ok';
        } catch (err) {
          return (err as Error).message;
        }
      };
      return { consumer, runner, readiness, check };
    }

    it('returns the consumer status when ready', async () => {
      const { runner, check } = await consuming();
      expect(check()).toMatchObject({ consumerName: 'unit', running: true, connected: true });
      await runner.stop();
    });

    it('requires a running member by default: a rebalance or a crash makes it not ready', async () => {
      const { consumer, runner, readiness } = await consuming();
      consumer.state = { connected: true, running: false };
      expect(readiness()).toBe('not consuming yet');
      consumer.state = {
        connected: true,
        running: false,
        lastError: { source: 'kafka', message: 'coordinator moved', at: '2026-11-24T00:00:00.000Z' },
      };
      expect(readiness()).toBe('not consuming: coordinator moved');
      await runner.stop();
    });

    it("requires only a connection with requires: 'connected'", async () => {
      const { consumer, runner, readiness } = await consuming({ requires: 'connected' });
      consumer.state = { connected: true, running: false };
      expect(readiness()).toBe('ok');
      consumer.state = { connected: false, running: false };
      expect(readiness()).toBe('not connected');
      await runner.stop();
    });

    it('is not ready while a batch is retried, unless told otherwise', async () => {
      const retrying: Partial<BatchConsumerStatus> = {
        connected: true,
        running: true,
        retrying: true,
        lastError: { source: 'handler', message: 'influx down', at: '2026-11-24T00:00:00.000Z' },
      };
      const strict = await consuming();
      strict.consumer.state = retrying;
      expect(strict.readiness()).toBe('retrying a batch: influx down');
      await strict.runner.stop();

      const lenient = await consuming({ downWhileRetrying: false });
      lenient.consumer.state = retrying;
      expect(lenient.readiness()).toBe('ok');
      await lenient.runner.stop();
    });

    it('is not ready once stopped', async () => {
      const { runner, readiness } = await consuming();
      await runner.stop();
      expect(readiness()).toBe('consumer stopped');
    });
  });
});
