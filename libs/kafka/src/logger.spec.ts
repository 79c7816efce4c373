import { logLevel } from 'kafkajs';
import { kafkajsLogCreator, nestKafkaLogger, scopedLogger, type KafkaLogEntry } from './logger';

describe('logger', () => {
  it('routes kafkajs entries to the callback without its timestamp and logger name', () => {
    const got: KafkaLogEntry[] = [];
    const log = kafkajsLogCreator((e) => got.push(e))(logLevel.INFO);
    log({
      namespace: 'Consumer',
      level: logLevel.WARN,
      label: 'WARN',
      log: { message: 'rebalancing', timestamp: 'x', logger: 'kafkajs', groupId: 'g' },
    });
    expect(got).toEqual([
      { level: 'warn', message: 'rebalancing', namespace: 'Consumer', fields: { groupId: 'g' } },
    ]);
  });

  it('filters the library own logs at the threshold', () => {
    const got: KafkaLogEntry[] = [];
    const log = scopedLogger((e) => got.push(e), 'warn', 'BatchConsumer:x');
    log.debug('d');
    log.info('i');
    log.warn('w', { a: 1 });
    log.error('e');
    expect(got.map((e) => e.level)).toEqual(['warn', 'error']);
    expect(got[0]).toEqual({ level: 'warn', message: 'w', namespace: 'BatchConsumer:x', fields: { a: 1 } });
  });

  it('writes entries to a Nest-style logger: one object per entry, level for level', () => {
    const got: [string, unknown][] = [];
    const nest = {
      log: (m: unknown) => got.push(['log', m]),
      warn: (m: unknown) => got.push(['warn', m]),
      error: (m: unknown) => got.push(['error', m]),
      debug: (m: unknown) => got.push(['debug', m]),
    };
    const log = nestKafkaLogger(nest);
    log({
      level: 'error',
      message: 'crashed',
      namespace: 'BatchConsumer:metrics',
      fields: { restart: true },
    });
    log({ level: 'warn', message: 'rebalancing', namespace: 'Consumer', fields: { groupId: 'g' } });
    log({ level: 'info', message: 'consuming', namespace: 'ConsumerRunner:metrics', fields: {} });
    log({ level: 'debug', message: 'heartbeat', namespace: 'Consumer', fields: { msg: 'not this' } });
    expect(got).toEqual([
      ['error', { msg: 'BatchConsumer:metrics: crashed', restart: true }],
      ['warn', { msg: 'Consumer: rebalancing', groupId: 'g' }],
      ['log', { msg: 'ConsumerRunner:metrics: consuming' }],
      // The entry's message wins over a field of the same name.
      ['debug', { msg: 'Consumer: heartbeat' }],
    ]);
  });
});
