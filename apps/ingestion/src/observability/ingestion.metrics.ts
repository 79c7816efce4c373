import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@gt/service-kit';
import type { Counter, Gauge, Histogram } from 'prom-client';

/**
 * The service's own Prometheus series (process metrics come from the kit). Names follow
 * Prometheus conventions: `_total` counters, `_seconds` histograms, and a ratio gauge so a
 * dashboard does not have to divide two counters.
 */
@Injectable()
export class IngestionMetrics {
  /** Events published to Kafka (acknowledged). */
  readonly eventsAccepted: Counter;
  /** Events not published, by stable code: per-event validation codes and whole-batch refusals. */
  readonly eventsRejected: Counter<'code'>;
  /** Requests to POST /v1/events by outcome code (ACCEPTED or the error code). */
  readonly requests: Counter<'code'>;
  readonly produceDuration: Histogram<'outcome'>;
  readonly keyCacheLookups: Counter<'result'>;
  readonly keyCacheEntries: Gauge;
  /** X-Signature checks by result, and whether the client requires them (`enforced`). */
  readonly signatureChecks: Counter<'result' | 'enforced'>;
  private hits = 0;
  private misses = 0;

  constructor(registry: MetricsRegistry) {
    this.eventsAccepted = registry.counter('ingestion_events_accepted_total', 'Events acknowledged by Kafka');
    this.eventsRejected = registry.counter(
      'ingestion_events_rejected_total',
      'Events not published, by reason',
      ['code'],
    );
    this.requests = registry.counter('ingestion_requests_total', 'POST /v1/events requests by outcome', [
      'code',
    ]);
    this.produceDuration = registry.histogram(
      'ingestion_kafka_produce_duration_seconds',
      'Time from handing a batch to the Kafka producer to its acknowledgement',
      ['outcome'],
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    );
    this.keyCacheLookups = registry.counter('ingestion_key_cache_lookups_total', 'API key cache lookups', [
      'result',
    ]);
    this.signatureChecks = registry.counter(
      'ingestion_signature_checks_total',
      'X-Signature checks by result (valid, missing, malformed, expired, invalid); enforced=false: the client does not require signatures yet',
      ['result', 'enforced'],
    );
    this.keyCacheEntries = registry.gauge('ingestion_key_cache_entries', 'API keys currently cached');
    const ratio: Gauge = registry.gauge(
      'ingestion_key_cache_hit_ratio',
      'Fresh key-cache hits / all lookups since start',
      [],
      () => {
        const total = this.hits + this.misses;
        ratio.set(total === 0 ? 0 : this.hits / total);
      },
    );
  }

  keyCacheHit(): void {
    this.hits++;
    this.keyCacheLookups.inc({ result: 'hit' });
  }

  keyCacheMiss(): void {
    this.misses++;
    this.keyCacheLookups.inc({ result: 'miss' });
  }
}
