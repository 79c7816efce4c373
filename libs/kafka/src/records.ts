// Record shapes of this library's API: plain Buffers and strings, no kafkajs types.

/** Header values as Kafka carries them; a key repeated in one record arrives as an array. */
export type KafkaHeaderValue = string | Buffer | (string | Buffer)[];
export type KafkaHeaders = Record<string, KafkaHeaderValue | undefined>;

export interface ProducerRecord {
  /** Records with the same key go to the same partition and keep their order. */
  key: string | Buffer | null;
  value: string | Buffer | null;
  headers?: KafkaHeaders;
}

export interface ConsumedRecord {
  topic: string;
  partition: number;
  /** Kafka offsets are 64-bit; kept as the decimal string kafkajs gives. */
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: KafkaHeaders;
  /** Broker or producer time of the record, epoch milliseconds as a string. */
  timestamp: string;
}

/** A header as text (first value if repeated), or undefined. */
export function headerText(headers: KafkaHeaders, name: string): string | undefined {
  const raw = headers[name];
  const first = Array.isArray(raw) ? raw[0] : raw;
  if (first === undefined) return undefined;
  return typeof first === 'string' ? first : first.toString('utf8');
}
