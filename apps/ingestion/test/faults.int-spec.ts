// Ingestion when its dependencies fail, on the real core and Kafka: core stopped (uncached keys
// get 503, nothing is published), the Kafka broker killed (503, no 202 for an event that was not
// stored, and sending works again once the broker is back, without restarting ingestion).
import { makeEvent } from '@gt/contracts';
import { TelemetryClient } from '@gt/sdk-js';
import { infraControl, waitFor } from '@gt/testing';
import type { ProvisionedKey } from '../../../tools/demo/core-api';
import {
  CoreProcess,
  postEvents,
  startIngestion,
  TopicRecorder,
  type PostResult,
  type RunningIngestion,
} from './stack';

let core: CoreProcess;
let topic: TopicRecorder;
let ingestion: RunningIngestion;
let game: ProvisionedKey;

beforeAll(async () => {
  [core, topic] = await Promise.all([CoreProcess.start(), TopicRecorder.create('ingestion_faults')]);
  ingestion = await startIngestion({
    CORE_URL: core.url,
    KAFKA_TOPIC: topic.topic,
    // Long enough that the key cached before a fault stays fresh through it.
    KEY_CACHE_TTL_SECONDS: '120',
    UNAVAILABLE_RETRY_AFTER_SECONDS: '3',
    PRODUCE_TIMEOUT_MS: '2000',
  });
  game = await core.provisioning.provision('Faults IT', 'unity');
}, 90_000);

afterAll(async () => {
  // Whatever happened above, leave the shared stack as it was found.
  await infraControl.start('kafka');
  await ingestion?.close();
  await Promise.all([topic?.close(), core?.close()]);
}, 120_000);

describe('core stopped', () => {
  it('answers 503 CORE_UNAVAILABLE with Retry-After for a key not freshly cached, and publishes nothing; cached keys keep working', async () => {
    // A second key that ingestion has never seen.
    const uncached = await core.provisioning.newKey(
      core.provisioning.as(game.userId),
      game.studioId,
      game.gameId,
      game.gameClientId,
      'never cached',
    );
    const warm = makeEvent('session_start');
    expect((await postEvents(ingestion.url, game.key, { events: [warm] })).status).toBe(202);

    await core.stop();
    try {
      const refused = makeEvent('design');
      const res = await postEvents(ingestion.url, uncached.key, { events: [refused] });
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('CORE_UNAVAILABLE');
      expect(res.headers.get('retry-after')).toBe('3');
      const cached = makeEvent('design');
      expect((await postEvents(ingestion.url, game.key, { events: [cached] })).status).toBe(202);
      await topic.waitForIds([warm.eventId, cached.eventId]);
      await topic.expectNone([refused.eventId]);
    } finally {
      await core.start();
    }
    const after = makeEvent('design');
    expect((await postEvents(ingestion.url, uncached.key, { events: [after] })).status).toBe(202);
    await topic.waitForIds([after.eventId]);
  });
});

describe('Kafka broker killed', () => {
  it('answers 503 KAFKA_UNAVAILABLE, never 202 for an event that was not stored, and recovers without a restart', async () => {
    const accepted: string[] = [];
    const outcomes: { status: number; code?: string; retryAfter: string | null }[] = [];
    let running = true;
    // Steady traffic through the whole outage: every 202 must correspond to stored events.
    const traffic = (async () => {
      while (running) {
        const events = [makeEvent('design'), makeEvent('design')];
        let res: PostResult;
        try {
          res = await postEvents(ingestion.url, game.key, { events });
        } catch {
          continue;
        }
        outcomes.push({
          status: res.status,
          code: res.body.code,
          retryAfter: res.headers.get('retry-after'),
        });
        if (res.status === 202) accepted.push(...events.map((e) => e.eventId));
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    // A game with the SDK through the outage: it retries by itself.
    const sdk = new TelemetryClient({
      apiKey: game.key,
      endpoint: ingestion.url,
      storage: 'memory',
      autoSession: false,
      flushIntervalMs: 100,
      retry: { initialDelayMs: 200, maxDelayMs: 1000 },
    });
    const sdkIds: string[] = [];
    const ticker = setInterval(() => sdkIds.push(sdk.track('Outage:Tick', 1)!), 100);

    try {
      await waitFor(() => accepted.length > 0, { message: 'traffic before the fault' });
      await infraControl.kill('kafka');
      const unavailable = await waitFor(() => outcomes.find((o) => o.status === 503), {
        timeoutMs: 20_000,
        message: 'a 503 while Kafka is down',
      });
      expect(unavailable).toEqual({ status: 503, code: 'KAFKA_UNAVAILABLE', retryAfter: '3' });
      expect((await fetch(`${ingestion.url}/health/ready`)).status).toBe(503);
      const failedSoFar = outcomes.length;

      await infraControl.start('kafka');
      await waitFor(() => outcomes.slice(failedSoFar).some((o) => o.status === 202), {
        timeoutMs: 60_000,
        message: 'a 202 after Kafka came back (same ingestion process)',
      });
    } finally {
      clearInterval(ticker);
      running = false;
      await traffic;
    }
    expect(
      outcomes.every((o) => o.status === 202 || (o.status === 503 && o.code === 'KAFKA_UNAVAILABLE')),
    ).toBe(true);

    // Every event answered 202 is in Kafka; so is every event the SDK tracked (it retries by itself).
    await waitFor(() => sdk.stats().queued === 0, {
      timeoutMs: 20_000,
      message: 'the SDK to empty its queue',
    });
    await sdk.shutdown();
    expect(sdk.stats()).toMatchObject({ queued: 0, dropped: 0, rejected: 0 });
    await topic.waitForIds([...accepted, ...sdkIds], 60_000);
  });
});
