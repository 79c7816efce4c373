import type { AlertRule, AlertRuleKind } from '../rules/alert-rule';

/** A claimed firing, as the counting script writes it into the outbox. */
export interface Firing {
  /** Unique per rule and threshold (players) or per rule and window (event counts); core's history is idempotent on it. */
  firingKey: string;
  ruleId: string;
  gameId: string;
  kind: AlertRuleKind;
  threshold: number;
  observed: number;
  /** Server time the firing was claimed, ms. */
  firedAt: number;
  /** The event that crossed the threshold (absent when a new rule found its game already past it). */
  eventId?: string;
  /** That event's client time, ms. */
  eventAt?: number;
  windowStart?: number;
  windowSeconds?: number;
  /** Distinct players in the window (HyperLogLog estimate, within about 1%). */
  windowPlayers?: number;
}

export type HistoryStatus = 'pending' | 'delivered' | 'failed';

/** One outbox entry: a firing whose email and history record are not both settled yet. */
export interface OutboxEntry {
  firing: Firing;
  /** The rule as it was when the firing was claimed; null if it was unknown to Redis then. */
  rule: AlertRule | null;
  /** Failed send attempts so far. */
  attempts: number;
  /** The SMTP server accepted the email at this time (ms); never send again once set. */
  sentAt?: number;
  /** Gave up sending at this time (ms). */
  failedAt?: number;
  lastError?: string;
  historyId?: string;
  /** What core's history says now, as far as we know. */
  historyStatus?: HistoryStatus;
  /** Failed calls to core for this entry, for the backoff. */
  historyAttempts: number;
  /** The lease this instance holds on the entry; writes with a stale lease are refused. */
  lease: string;
}
