import { classifySendError, KafkaSendError, KafkaUnavailableError } from './errors';

// Shapes of kafkajs errors: a name, a `type` for protocol errors, and a cause chain.
function kafkajsError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, ...extra });
}

describe('classifySendError', () => {
  it.each([
    [
      'a refused connection',
      kafkajsError('KafkaJSConnectionError', 'Connection error: connect ECONNREFUSED'),
    ],
    [
      'exhausted retries',
      kafkajsError('KafkaJSNumberOfRetriesExceeded', 'retries', {
        cause: kafkajsError('KafkaJSConnectionError', 'x'),
      }),
    ],
    [
      'a request timeout',
      kafkajsError('KafkaJSRequestTimeoutError', 'Request Produce(key: 0, version: 7) timed out'),
    ],
    [
      'a leader change',
      kafkajsError('KafkaJSProtocolError', 'not leader', { type: 'NOT_LEADER_OR_FOLLOWER', retriable: true }),
    ],
    ['anything unknown', new Error('weird')],
  ])('treats %s as Kafka unavailable (503)', (_name, err) => {
    const out = classifySendError(err, 'send to t');
    expect(out).toBeInstanceOf(KafkaUnavailableError);
    expect(out.code).toBe('KAFKA_UNAVAILABLE');
    expect(out.cause).toBe(err);
    expect(out.message).toMatch(/^send to t failed, Kafka unavailable: /);
  });

  it('treats a record the broker refuses as a send error, looking through the cause chain', () => {
    const root = kafkajsError(
      'KafkaJSProtocolError',
      'The request included a message larger than the max message size',
      {
        type: 'MESSAGE_TOO_LARGE',
        retriable: false,
      },
    );
    const out = classifySendError(
      kafkajsError('KafkaJSNonRetriableError', 'wrapped', { cause: root }),
      'send to t',
    );
    expect(out).toBeInstanceOf(KafkaSendError);
    expect(out.code).toBe('KAFKA_SEND_FAILED');
    expect(out.message).toContain('MESSAGE_TOO_LARGE');
  });

  it('passes our own errors through unchanged', () => {
    const e = new KafkaUnavailableError('timed out');
    expect(classifySendError(e, 'x')).toBe(e);
  });
});
