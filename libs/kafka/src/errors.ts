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
