export { createKafka, KafkaConnection, type KafkaConnectionOptions } from './connection';
export { KafkaUnavailableError, KafkaSendError } from './errors';
export {
  nestKafkaLogger,
  silentKafkaLogger,
  type KafkaLogEntry,
  type KafkaLogLevel,
  type KafkaLogger,
  type LevelLogger,
} from './logger';
export {
  headerText,
  type ConsumedRecord,
  type KafkaHeaders,
  type KafkaHeaderValue,
  type ProducerRecord,
} from './records';
export { EventProducer, type EventProducerOptions, type SendOptions } from './producer';
export {
  BatchConsumer,
  type BatchConsumerOptions,
  type BatchConsumerStatus,
  type BatchItem,
  type DeadLetterRequest,
  type ParseResult,
} from './consumer';
export {
  ConsumerRunner,
  type ConsumerReadinessOptions,
  type ConsumerRunnerOptions,
  type ConsumerRunnerPhase,
  type RunnableConsumer,
} from './consumer-runner';
export {
  ensureTopics,
  deleteTopics,
  type EnsureTopicsOptions,
  type EnsureTopicsResult,
  type PartitionLag,
  type TopicSpec,
} from './admin';
export { collectRecords, type CollectRecordsOptions } from './testing';
export { envelopeRecord, parseEnvelopeRecord } from './envelope-records';
