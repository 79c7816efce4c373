// Test doubles for ingestion's two outside connections (core's key lookup and Kafka), and a
// config with test defaults. Unit tests use them; integration tests use the real ones.
import { generateApiKey } from '@gt/api-keys';
import { FIXTURE_IDS } from '@gt/contracts';
import { KafkaUnavailableError, type ProducerRecord } from '@gt/kafka';
import { createLogger, createServiceApp } from '@gt/service-kit';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  KeyDirectory,
  KeyDirectoryUnavailableError,
  type KeyIdentity,
  type KeyVerdict,
} from '../src/api-keys/key-directory';
import { NO_SIGNING } from '../src/signing/request-signature';
import type { Clock } from '../src/clock';
import { loadIngestionConfig, type IngestionConfig } from '../src/config';
import type { KafkaSender } from '../src/events/events.producer';
import { IngestionModule } from '../src/ingestion.module';
import { ingestionService } from '../src/service';

export function testConfig(overrides: Record<string, string> = {}): IngestionConfig {
  return loadIngestionConfig({
    SERVICE_TOKEN: 'test-service-token-0123456789',
    HOST: '127.0.0.1',
    ...overrides,
  });
}

export const IDENTITY: KeyIdentity = { keyId: 'key-1', ...FIXTURE_IDS, platform: 'web', signing: NO_SIGNING };

/** A key directory with keys set by the test; `down` makes it throw like an unreachable core. */
export class FakeKeyDirectory extends KeyDirectory {
  readonly verdicts = new Map<string, KeyVerdict>();
  calls = 0;
  down = false;
  delayMs = 0;

  activeKey(identity = IDENTITY): string {
    const key = generateApiKey();
    this.verdicts.set(key, { status: 'active', identity });
    return key;
  }

  async lookup(key: string): Promise<KeyVerdict> {
    this.calls++;
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.down) throw new KeyDirectoryUnavailableError('core is down (fake)');
    return this.verdicts.get(key) ?? { status: 'unknown' };
  }
}

/** Records what would have been sent to Kafka; `down` makes sends fail like a dead broker. */
export class FakeKafka implements KafkaSender {
  readonly sent: { topic: string; records: readonly ProducerRecord[] }[] = [];
  down = false;
  delayMs = 0;
  private connected = false;

  get records(): ProducerRecord[] {
    return this.sent.flatMap((s) => s.records);
  }

  isConnected(): boolean {
    return this.connected;
  }

  async connect(): Promise<void> {
    if (this.down) throw new KafkaUnavailableError('broker down (fake)');
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    this.connected = false;
  }

  async send(topic: string, records: readonly ProducerRecord[]): Promise<void> {
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.down) throw new KafkaUnavailableError('broker down (fake)');
    this.sent.push({ topic, records });
  }
}

/** A settable clock starting at a fixed instant. */
export function manualClock(
  start = Date.parse('2026-11-24T10:00:00.000Z'),
): Clock & { advance(ms: number): void } {
  let now = start;
  const clock = (() => now) as Clock & { advance(ms: number): void };
  clock.advance = (ms: number) => {
    now += ms;
  };
  return clock;
}

/** The real HTTP wiring (body reader, CORS, filters) around fakes, listening on an ephemeral port. */
export async function startTestApp(
  config: IngestionConfig,
  deps: { keyDirectory: KeyDirectory; kafka: KafkaSender; clock?: Clock },
): Promise<{ app: NestExpressApplication; url: string }> {
  const app = await createServiceApp(
    { ...ingestionService, module: (c) => IngestionModule.forRoot(c, deps) },
    config,
    { logger: createLogger('ingestion-test', 'silent') },
  );
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}
