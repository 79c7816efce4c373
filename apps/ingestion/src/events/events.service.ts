import { Inject, Injectable, Logger } from '@nestjs/common';
import { validateEvent, type EventEnvelope, type IngestRejection, type IngestResponse } from '@gt/contracts';
import { KafkaSendError, KafkaUnavailableError, type ProducerRecord, envelopeRecord } from '@gt/kafka';
import { DomainError } from '@gt/service-kit';
import { ApiKeyService } from '../api-keys/api-key.service';
import type { KeyIdentity } from '../api-keys/key-directory';
import { CLOCK, type Clock } from '../clock';
import { INGESTION_CONFIG, type IngestionConfig } from '../config';
import { IngestionMetrics } from '../observability/ingestion.metrics';
import { RateLimiter } from '../rate-limit/rate-limiter';
import { checkSignature, SIGNATURE_ERROR_CODES } from '../signing/request-signature';
import { EventsProducer } from './events.producer';

/**
 * POST /v1/events, after the body reader: key, rate limit, JSON, per-event validation, Kafka.
 * The order puts the cheap refusals first and never parses JSON for a caller without a valid key.
 */
@Injectable()
export class EventsService {
  private readonly log = new Logger(EventsService.name);

  constructor(
    private readonly keys: ApiKeyService,
    private readonly rateLimiter: RateLimiter,
    private readonly producer: EventsProducer,
    private readonly metrics: IngestionMetrics,
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
    @Inject(CLOCK) private readonly now: Clock,
  ) {}

  async ingest(
    apiKey: string | string[] | undefined,
    body: unknown,
    signature?: string | string[],
  ): Promise<IngestResponse> {
    // Events of this request not yet counted as accepted or rejected (for the metrics on failure).
    const uncounted = { events: 0 };
    try {
      const identity = await this.keys.authenticate(apiKey);
      this.verifySignature(identity, signature, body);
      const events = this.parse(body);
      uncounted.events = events.length;
      this.rateLimiter.consume(identity.keyId, events.length);
      const response = await this.accept(identity, events, uncounted);
      this.metrics.requests.inc({ code: 'ACCEPTED' });
      return response;
    } catch (e) {
      const error = this.toDomainError(e);
      this.metrics.requests.inc({ code: error.code });
      if (uncounted.events > 0) this.metrics.eventsRejected.inc({ code: error.code }, uncounted.events);
      throw error;
    }
  }

  /**
   * X-Signature (docs/ingestion.md, "Request signing"): refused with 401 when the key's client
   * requires it and it does not verify. When the client has secrets but does not require them
   * yet, a signature that arrives is checked and counted only, so a studio can watch its new
   * builds sign correctly before turning the requirement on.
   */
  private verifySignature(identity: KeyIdentity, header: string | string[] | undefined, body: unknown): void {
    const { required, secrets } = identity.signing;
    if (!required && (header === undefined || secrets.length === 0)) return;
    const result = checkSignature({
      header,
      body: Buffer.isBuffer(body) ? body : Buffer.alloc(0),
      secrets,
      nowMs: this.now(),
      toleranceSeconds: this.config.SIGNATURE_TOLERANCE_SECONDS,
    });
    this.metrics.signatureChecks.inc({ result, enforced: String(required) });
    if (!required || result === 'valid') return;
    const code = SIGNATURE_ERROR_CODES[result];
    const detail = {
      missing: 'This game client requires signed requests: send X-Signature',
      malformed: 'X-Signature must be t=<unix seconds>,v1=<64 lowercase hex>',
      expired: `X-Signature's t is more than ${this.config.SIGNATURE_TOLERANCE_SECONDS} s from the server's time (see the Date header)`,
      invalid: 'X-Signature does not match the body with any live signing secret of this game client',
    }[result];
    throw new DomainError(code, detail, 401);
  }

  private parse(body: unknown): unknown[] {
    if (!Buffer.isBuffer(body)) throw new DomainError('MALFORMED_JSON', 'The body could not be read', 400);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new DomainError('MALFORMED_JSON', 'The body is not valid JSON', 400);
    }
    const events =
      typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? (parsed as { events?: unknown }).events
        : undefined;
    if (!Array.isArray(events)) {
      throw new DomainError(
        'VALIDATION_FAILED',
        'The body must be a JSON object with an "events" array',
        400,
        {
          errors: [{ field: 'events', code: 'isArray', message: 'events must be an array of events' }],
        },
      );
    }
    if (events.length > this.config.MAX_EVENTS_PER_REQUEST) {
      throw new DomainError(
        'TOO_MANY_EVENTS',
        `A request carries at most ${this.config.MAX_EVENTS_PER_REQUEST} events, got ${events.length}`,
        413,
      );
    }
    return events;
  }

  private async accept(
    identity: KeyIdentity,
    events: unknown[],
    uncounted: { events: number },
  ): Promise<IngestResponse> {
    const now = new Date(this.now());
    const receivedAt = now.toISOString();
    const rejected: IngestRejection[] = [];
    const records: ProducerRecord[] = [];
    for (let index = 0; index < events.length; index++) {
      const result = validateEvent(events[index], now);
      if (!result.ok) {
        rejected.push({ index, code: result.code, message: result.message });
        this.metrics.eventsRejected.inc({ code: result.code });
        continue;
      }
      const envelope: EventEnvelope = {
        v: 1,
        studioId: identity.studioId,
        gameId: identity.gameId,
        gameClientId: identity.gameClientId,
        platform: identity.platform,
        receivedAt,
        event: result.event,
      };
      records.push(envelopeRecord(envelope));
    }
    uncounted.events = records.length;
    // On failure nothing of this request is reported accepted: the client retries the whole
    // batch and consumers drop what did land twice (by eventId).
    await this.producer.publish(records);
    uncounted.events = 0;
    this.metrics.eventsAccepted.inc(records.length);
    return { accepted: records.length, rejected };
  }

  private toDomainError(e: unknown): DomainError {
    if (e instanceof DomainError) return e;
    if (e instanceof KafkaUnavailableError) {
      return new DomainError('KAFKA_UNAVAILABLE', 'Events cannot be stored right now; retry later', 503, {
        retryAfterSeconds: this.config.UNAVAILABLE_RETRY_AFTER_SECONDS,
      });
    }
    if (e instanceof KafkaSendError) {
      this.log.error(`Kafka refused a send: ${e.message}`);
      return new DomainError('KAFKA_SEND_FAILED', 'The event store refused the events', 500);
    }
    throw e;
  }
}
