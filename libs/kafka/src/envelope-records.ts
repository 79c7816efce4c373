// The events topic's records as the platform's consumers read them (metrics, alerting):
// decodeEnvelope from @gt/contracts, with its failure code as the dead-letter reason.
import { decodeEnvelope, type EventEnvelope } from '@gt/contracts';
import type { ParseResult } from './consumer';
import type { ConsumedRecord } from './records';

/** A BatchConsumer `parse` for TOPIC_EVENTS. */
export function parseEnvelopeRecord(record: ConsumedRecord): ParseResult<EventEnvelope> {
  const decoded = decodeEnvelope(record.value);
  if (decoded.ok) return { ok: true, value: decoded.envelope };
  const message =
    decoded.eventCode === undefined ? decoded.message : `${decoded.eventCode}: ${decoded.message}`;
  return { ok: false, reason: decoded.code, message };
}
