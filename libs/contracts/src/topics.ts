// Kafka topic and header names. Topic names must equal platform.config.json "topics"
// (tools/infra creates the topics from that file; topics.spec.ts keeps the two in step).

/** Every accepted event, one record each, keyed by envelopeKey() so one player's events stay in order. */
export const TOPIC_EVENTS = 'telemetry.events.v1';
/** Records a consumer could not process (bad record, not a failing dependency). */
export const TOPIC_DLQ = 'telemetry.events.dlq.v1';

/** Headers ingestion puts on each record of TOPIC_EVENTS, so tools can route or filter without parsing. */
export const RECORD_HEADERS = {
  contentType: 'content-type',
  envelopeVersion: 'envelope-version',
  eventId: 'event-id',
  eventType: 'event-type',
  studioId: 'studio-id',
  gameId: 'game-id',
} as const;

/**
 * Headers a consumer adds when it dead-letters a record. The DLQ record keeps the original
 * key, value and headers, so it can be inspected and replayed to the original topic.
 */
export const DLQ_HEADERS = {
  /** The consumer that gave up, e.g. metrics or alerting. */
  consumer: 'dlq-consumer',
  /** A stable code, e.g. ENVELOPE_NOT_JSON or EVENT_INVALID. */
  reason: 'dlq-reason',
  /** Human-readable detail. */
  message: 'dlq-message',
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  /** ISO-8601 time the consumer dead-lettered the record. */
  failedAt: 'dlq-failed-at',
} as const;

export type DlqHeaderName = (typeof DLQ_HEADERS)[keyof typeof DLQ_HEADERS];
export type RecordHeaderName = (typeof RECORD_HEADERS)[keyof typeof RECORD_HEADERS];
