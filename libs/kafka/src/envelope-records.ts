// The events topic's records, both ways: envelopeRecord is what ingestion publishes for an
// envelope (key, value and headers of docs/events.md), parseEnvelopeRecord how the platform's
// consumers (metrics, alerting) read it back: decodeEnvelope from @gt/contracts, with its
// failure code as the dead-letter reason.
import {
  decodeEnvelope,
  encodeEnvelope,
  envelopeHeaders,
  envelopeKey,
  type EventEnvelope,
} from '@gt/contracts';
import type { ParseResult } from './consumer';
import type { ConsumedRecord, ProducerRecord } from './records';

/** The TOPIC_EVENTS record of an envelope; tests and benchmarks produce events with it. */
export function envelopeRecord(envelope: EventEnvelope): ProducerRecord {
  return { key: envelopeKey(envelope), value: encodeEnvelope(envelope), headers: envelopeHeaders(envelope) };
}

/** A BatchConsumer `parse` for TOPIC_EVENTS. */
export function parseEnvelopeRecord(record: ConsumedRecord): ParseResult<EventEnvelope> {
  const decoded = decodeEnvelope(record.value);
  if (decoded.ok) return { ok: true, value: decoded.envelope };
  const message =
    decoded.eventCode === undefined ? decoded.message : `${decoded.eventCode}: ${decoded.message}`;
  return { ok: false, reason: decoded.code, message };
}
