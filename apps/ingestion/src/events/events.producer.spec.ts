import { Logger } from '@nestjs/common';
import { KafkaUnavailableError, type ProducerRecord } from '@gt/kafka';
import { HealthRegistry, MetricsRegistry } from '@gt/service-kit';
import { FakeKafka, testConfig } from '../../test/fakes';
import { IngestionMetrics } from '../observability/ingestion.metrics';
import { EventsProducer, splitBySize } from './events.producer';

function record(i: number, bytes = 100): ProducerRecord {
  return { key: `game:p${i}`, value: Buffer.alloc(bytes, 'a') };
}

function setup() {
  Logger.overrideLogger(false);
  const kafka = new FakeKafka();
  const health = new HealthRegistry();
  const producer = new EventsProducer(
    kafka,
    testConfig({ KAFKA_TOPIC: 'test-topic' }),
    new IngestionMetrics(new MetricsRegistry()),
    health,
  );
  return { kafka, producer, health };
}

describe('EventsProducer', () => {
  it('sends a request at once when Kafka is idle', async () => {
    const { kafka, producer } = setup();
    await producer.publish([record(1), record(2)]);
    expect(kafka.sent).toEqual([{ topic: 'test-topic', records: [record(1), record(2)] }]);
  });

  it('merges requests that arrive while every send slot is busy into one send (group commit)', async () => {
    const { kafka, producer } = setup();
    kafka.delayMs = 30;
    await Promise.all(Array.from({ length: 100 }, (_, i) => producer.publish([record(i)])));
    expect(kafka.records).toHaveLength(100);
    // 8 sends go out at once; the other 92 requests wait and leave together in the next send.
    expect(kafka.sent.length).toBeLessThanOrEqual(9);
  });

  it('rejects every request of a failed send with KafkaUnavailableError and reports not ready', async () => {
    const { kafka, producer, health } = setup();
    await producer.publish([record(0)]);
    kafka.down = true;
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => producer.publish([record(i)])),
    );
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof KafkaUnavailableError)).toBe(
      true,
    );
    expect((await health.report()).checks.kafka!.status).toBe('down');
    kafka.down = false;
    await producer.publish([record(9)]);
    expect((await health.report()).checks.kafka!.status).toBe('ok');
  });

  it('splits a request larger than one Kafka batch, and succeeds only if every part does', async () => {
    const { kafka, producer } = setup();
    const big = Array.from({ length: 40 }, (_, i) => record(i, 50_000));
    await producer.publish(big);
    expect(kafka.sent.length).toBeGreaterThan(1);
    expect(kafka.records).toEqual(big);
  });

  it('splitBySize keeps order and never makes an empty part', () => {
    const records = Array.from({ length: 10 }, (_, i) => record(i, 400));
    const parts = splitBySize(records, 1000);
    expect(parts.flat()).toEqual(records);
    expect(parts.every((p) => p.length >= 1)).toBe(true);
    expect(parts).toHaveLength(5);
    // A single record above the limit still travels, alone.
    expect(splitBySize([record(0, 5000)], 1000)).toHaveLength(1);
  });
});
