import { logLevel } from 'kafkajs';
import { kafkajsLogCreator, scopedLogger, type KafkaLogEntry } from './logger';

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
});
