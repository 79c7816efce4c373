import { classifySendError, isTopicMetadataPending, KafkaSendError, KafkaUnavailableError } from './errors';

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

describe('isTopicMetadataPending', () => {
  const protocol = (type: string) => kafkajsError('KafkaJSProtocolError', type, { type });

  it.each([
    ['UNKNOWN_TOPIC_OR_PARTITION', protocol('UNKNOWN_TOPIC_OR_PARTITION')],
    ['LEADER_NOT_AVAILABLE', protocol('LEADER_NOT_AVAILABLE')],
    ['NOT_LEADER_FOR_PARTITION', protocol('NOT_LEADER_FOR_PARTITION')],
    [
      'one of them behind exhausted retries',
      kafkajsError('KafkaJSNumberOfRetriesExceeded', 'x', { cause: protocol('UNKNOWN_TOPIC_OR_PARTITION') }),
    ],
    [
      'an aggregate of them',
      kafkajsError('KafkaJSAggregateError', 'x', {
        errors: [protocol('LEADER_NOT_AVAILABLE'), protocol('UNKNOWN_TOPIC_OR_PARTITION')],
      }),
    ],
    [
      'the wait for leaders after createTopics timing out',
      kafkajsError('KafkaJSTimeout', 'Timed out while waiting for topic leaders'),
    ],
  ])('says yes to %s', (_name, err) => {
    expect(isTopicMetadataPending(err)).toBe(true);
  });

  it.each([
    ['a refused connection', kafkajsError('KafkaJSConnectionError', 'ECONNREFUSED')],
    ['an invalid topic name', protocol('INVALID_TOPIC_EXCEPTION')],
    ['an authorisation failure', protocol('TOPIC_AUTHORIZATION_FAILED')],
    [
      'an aggregate with one lasting error',
      kafkajsError('KafkaJSAggregateError', 'x', {
        errors: [protocol('LEADER_NOT_AVAILABLE'), protocol('INVALID_REPLICATION_FACTOR')],
      }),
    ],
    ['another timeout', kafkajsError('KafkaJSTimeout', 'Timed out while waiting for something else')],
    ['not an error', 'UNKNOWN_TOPIC_OR_PARTITION'],
  ])('says no to %s', (_name, err) => {
    expect(isTopicMetadataPending(err)).toBe(false);
  });
});
