// Errors this library throws. Callers map them once per transport: ingestion answers 503 for
// KafkaUnavailableError (retry later, nothing was acknowledged) and 500 for KafkaSendError.

export class KafkaUnavailableError extends Error {
  readonly code = 'KAFKA_UNAVAILABLE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KafkaUnavailableError';
  }
}

/** The broker answered and refused the records (too large, unknown topic...): retrying will not help. */
export class KafkaSendError extends Error {
  readonly code = 'KAFKA_SEND_FAILED';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KafkaSendError';
  }
}

interface KafkajsLikeError {
  name?: unknown;
  message?: unknown;
  retriable?: unknown;
  cause?: unknown;
  type?: unknown;
  /** KafkaJSAggregateError: one error per topic of a createTopics call. */
  errors?: unknown;
}

function rootCause(err: unknown): KafkajsLikeError | undefined {
  let cur: unknown = err;
  for (let i = 0; i < 10 && typeof cur === 'object' && cur !== null; i++) {
    const next = (cur as KafkajsLikeError).cause;
    if (typeof next !== 'object' || next === null) return cur as KafkajsLikeError;
    cur = next;
  }
  return typeof cur === 'object' && cur !== null ? (cur as KafkajsLikeError) : undefined;
}

// Protocol errors that mean "this request is wrong", as opposed to "the cluster is not reachable now".
const NON_TRANSIENT_TYPES = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
  'INVALID_TOPIC_EXCEPTION',
  'TOPIC_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'INVALID_REQUIRED_ACKS',
  'UNSUPPORTED_VERSION',
]);

/** Wraps any failure of a kafkajs call into one of our two errors. */
export function classifySendError(err: unknown, what: string): KafkaUnavailableError | KafkaSendError {
  if (err instanceof KafkaUnavailableError || err instanceof KafkaSendError) return err;
  const root = rootCause(err);
  const message = err instanceof Error ? err.message : String(err);
  if (root !== undefined && typeof root.type === 'string' && NON_TRANSIENT_TYPES.has(root.type)) {
    return new KafkaSendError(`${what} refused by Kafka: ${root.type}: ${String(root.message)}`, {
      cause: err,
    });
  }
  return new KafkaUnavailableError(`${what} failed, Kafka unavailable: ${message}`, { cause: err });
}

// Protocol errors that mean "this topic's metadata has not reached this broker yet": right after a
// topic is created (by us or by another process), for a few hundred milliseconds.
const METADATA_PENDING_TYPES = new Set([
  'UNKNOWN_TOPIC_OR_PARTITION',
  'LEADER_NOT_AVAILABLE',
  'NOT_LEADER_FOR_PARTITION',
  // The same error code (6) under its newer name.
  'NOT_LEADER_OR_FOLLOWER',
]);
// kafkajs's createTopics({ waitForLeaders }) gives up with this message (a KafkaJSTimeout).
const LEADER_WAIT_TIMEOUT = 'Timed out while waiting for topic leaders';

/**
 * True when a kafkajs admin failure only says that a topic or its leader is not known yet: the
 * same call succeeds a moment later. Looks through `cause` chains (kafkajs wraps errors in
 * KafkaJSNumberOfRetriesExceeded) and aggregate errors (all of whose errors must be such).
 */
export function isTopicMetadataPending(err: unknown, depth = 0): boolean {
  if (depth > 10 || typeof err !== 'object' || err === null) return false;
  const e = err as KafkajsLikeError;
  if (typeof e.type === 'string' && METADATA_PENDING_TYPES.has(e.type)) return true;
  if (e.name === 'KafkaJSTimeout' && e.message === LEADER_WAIT_TIMEOUT) return true;
  if (Array.isArray(e.errors) && e.errors.length > 0) {
    return e.errors.every((x) => isTopicMetadataPending(x, depth + 1));
  }
  return isTopicMetadataPending(e.cause, depth + 1);
}
