// Where this library's logs (and kafkajs's, routed here) go. A callback rather than a
// logger class, so that any service logger (pino in the service kit) plugs in with one line
// and nothing is ever printed to the console by default.
import { logLevel, type logCreator } from 'kafkajs';

export type KafkaLogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface KafkaLogEntry {
  level: KafkaLogLevel;
  message: string;
  /** kafkajs component (Consumer, Producer, Connection...) or BatchConsumer:<name>. */
  namespace: string;
  fields: Record<string, unknown>;
}

export type KafkaLogger = (entry: KafkaLogEntry) => void;

export const silentKafkaLogger: KafkaLogger = () => undefined;

const RANK: Record<KafkaLogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export function levelEnabled(threshold: KafkaLogLevel, level: KafkaLogLevel): boolean {
  return RANK[level] <= RANK[threshold];
}

export function toKafkajsLogLevel(level: KafkaLogLevel): logLevel {
  switch (level) {
    case 'error':
      return logLevel.ERROR;
    case 'warn':
      return logLevel.WARN;
    case 'info':
      return logLevel.INFO;
    case 'debug':
      return logLevel.DEBUG;
  }
}

function fromKafkajsLevel(level: logLevel): KafkaLogLevel {
  switch (level) {
    case logLevel.ERROR:
    case logLevel.NOTHING:
      return 'error';
    case logLevel.WARN:
      return 'warn';
    case logLevel.INFO:
      return 'info';
    case logLevel.DEBUG:
      return 'debug';
  }
}

export function kafkajsLogCreator(logger: KafkaLogger): logCreator {
  return () => (entry) => {
    // kafkajs puts its own timestamp and logger name in `log`; the service logger adds its own.
    const { message, timestamp: _timestamp, logger: _logger, ...fields } = entry.log;
    logger({
      level: fromKafkajsLevel(entry.level),
      message: String(message),
      namespace: entry.namespace,
      fields,
    });
  };
}

/** Logs of this library's own classes, filtered at `threshold`. */
export function scopedLogger(logger: KafkaLogger, threshold: KafkaLogLevel, namespace: string) {
  const emit = (level: KafkaLogLevel, message: string, fields: Record<string, unknown> = {}) => {
    if (levelEnabled(threshold, level)) logger({ level, message, namespace, fields });
  };
  return {
    error: (message: string, fields?: Record<string, unknown>) => emit('error', message, fields),
    warn: (message: string, fields?: Record<string, unknown>) => emit('warn', message, fields),
    info: (message: string, fields?: Record<string, unknown>) => emit('info', message, fields),
    debug: (message: string, fields?: Record<string, unknown>) => emit('debug', message, fields),
  };
}

export type ScopedLogger = ReturnType<typeof scopedLogger>;

/**
 * The few methods nestKafkaLogger needs. Nest's Logger has them (so has `console`); naming them
 * here keeps this library free of @nestjs/common.
 */
export interface LevelLogger {
  log(message: unknown): void;
  warn(message: unknown): void;
  error(message: unknown): void;
  debug(message: unknown): void;
}

/**
 * A KafkaLogger writing to a Nest logger, e.g. `nestKafkaLogger(new Logger('Kafka'))`: one
 * object per entry, `msg` = "<namespace>: <message>" and the entry's fields beside it, which
 * the service kit's pino logger turns into one JSON line. Levels map one to one (info -> log);
 * nothing is filtered here (createKafka's logLevel decides what a connection passes on).
 */
export function nestKafkaLogger(logger: LevelLogger): KafkaLogger {
  return (entry) => {
    const line = { ...entry.fields, msg: `${entry.namespace}: ${entry.message}` };
    switch (entry.level) {
      case 'error':
        logger.error(line);
        break;
      case 'warn':
        logger.warn(line);
        break;
      case 'info':
        logger.log(line);
        break;
      case 'debug':
        logger.debug(line);
        break;
    }
  };
}
