import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@gt/service-kit';
import type { Counter, Gauge, Histogram } from 'prom-client';

/** The service's Prometheus metrics (on /metrics next to the process metrics). */
@Injectable()
export class AlertingMetrics {
  readonly eventsProcessed: Counter<string>;
  readonly batchSeconds: Histogram<string>;
  readonly alertsFired: Counter<'kind'>;
  readonly emailsSent: Counter<string>;
  readonly emailsFailed: Counter<string>;
  readonly emailAttemptErrors: Counter<string>;
  readonly alertDelaySeconds: Histogram<string>;
  readonly historyErrors: Counter<string>;
  readonly rulesActive: Gauge<string>;
  readonly rulesSyncErrors: Counter<string>;
  readonly consumerLag: Gauge<string>;
  readonly outboxSize: Gauge<string>;
  private readonly sources: { lag?: () => Promise<number>; outbox?: () => Promise<number> } = {};

  constructor(registry: MetricsRegistry) {
    this.eventsProcessed = registry.counter(
      'alerting_events_processed_total',
      'Events counted (committed batches and retries alike)',
    );
    this.batchSeconds = registry.histogram(
      'alerting_batch_seconds',
      'Time to count one consumer batch in Redis',
      [],
      [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    );
    this.alertsFired = registry.counter('alerting_alerts_fired_total', 'Firings claimed by this instance', [
      'kind',
    ]);
    this.emailsSent = registry.counter(
      'alerting_emails_sent_total',
      'Alert emails accepted by the SMTP server',
    );
    this.emailsFailed = registry.counter(
      'alerting_emails_failed_total',
      'Alert emails given up after every retry',
    );
    this.emailAttemptErrors = registry.counter(
      'alerting_email_attempt_errors_total',
      'Failed send attempts (retried with backoff)',
    );
    this.alertDelaySeconds = registry.histogram(
      'alerting_alert_delay_seconds',
      'From claiming a firing to the SMTP server accepting its email',
      [],
      [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 30, 120],
    );
    this.historyErrors = registry.counter(
      'alerting_history_errors_total',
      'Failed calls to record alert history in core (retried)',
    );
    this.rulesActive = registry.gauge('alerting_rules_active', 'Active alert rules known to this instance');
    this.rulesSyncErrors = registry.counter(
      'alerting_rules_sync_errors_total',
      'Failed polls of core for rule changes',
    );
    // Read at scrape time from whoever registered a source; a failing source leaves the last value.
    const sources = this.sources;
    this.consumerLag = registry.gauge(
      'alerting_consumer_lag',
      'Records on the events topic not yet committed by the consumer group',
      [],
      async function () {
        const lag = await sources.lag?.().catch(() => undefined);
        if (lag !== undefined) this.set(lag);
      },
    );
    this.outboxSize = registry.gauge(
      'alerting_outbox_size',
      'Firings whose email or history record is not settled yet',
      [],
      async function () {
        const size = await sources.outbox?.().catch(() => undefined);
        if (size !== undefined) this.set(size);
      },
    );
  }

  setLagSource(source: () => Promise<number>): void {
    this.sources.lag = source;
  }

  setOutboxSource(source: () => Promise<number>): void {
    this.sources.outbox = source;
  }
}
