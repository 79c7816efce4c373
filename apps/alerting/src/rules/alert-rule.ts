import type { EventType } from '@gt/contracts';

export type AlertRuleKind = 'players_reached' | 'event_count';

/** An alert rule as core serves it on GET /internal/alert-rules, with the names the email needs. */
export interface AlertRule {
  id: string;
  studioId: string;
  studioName: string;
  gameId: string;
  gameName: string;
  name: string;
  kind: AlertRuleKind;
  threshold: number;
  eventType?: EventType;
  eventName?: string;
  windowSeconds?: number;
  cooldownSeconds?: number;
  recipients: string[];
  enabled: boolean;
  /** ISO-8601. */
  updatedAt: string;
  deletedAt?: string;
}

/** A rule takes part in evaluation only when it is enabled, not deleted, and complete for its kind. */
export function isActive(rule: AlertRule): boolean {
  if (!rule.enabled || rule.deletedAt) return false;
  if (!Number.isInteger(rule.threshold) || rule.threshold < 1) return false;
  if (rule.recipients.length === 0) return false;
  switch (rule.kind) {
    case 'players_reached':
      return true;
    case 'event_count':
      return Number.isInteger(rule.windowSeconds) && (rule.windowSeconds ?? 0) >= 1;
  }
}

/**
 * What a windowed rule counts. A name wins over a type because only design events have one;
 * no filter at all counts every event of the game.
 */
export function selectorOf(rule: Pick<AlertRule, 'eventType' | 'eventName'>): string {
  if (rule.eventName) return `n:${rule.eventName}`;
  if (rule.eventType) return `t:${rule.eventType}`;
  return '*';
}
