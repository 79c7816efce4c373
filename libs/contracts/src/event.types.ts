// Event v1: one JSON object sent by a game client. Three SDKs (Unity, Unreal, TypeScript)
// and every consuming service code against these names, so they do not change within v1.

export const EVENT_TYPES = [
  'session_start',
  'session_end',
  'design',
  'progression',
  'purchase',
  'error',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const PROGRESSION_STATUSES = ['start', 'complete', 'fail'] as const;
export type ProgressionStatus = (typeof PROGRESSION_STATUSES)[number];

export const ERROR_SEVERITIES = ['debug', 'info', 'warning', 'error', 'critical'] as const;
export type ErrorSeverity = (typeof ERROR_SEVERITIES)[number];

/** Values of free-form properties: flat, so that every consumer can store them as tags or fields. */
export type PropertyValue = string | number | boolean;

export interface SdkInfo {
  name: string;
  version: string;
}

export interface EventBase {
  /** Made by the client (UUID v4 or v7); consumers deduplicate on it. Lowercase after validation. */
  eventId: string;
  playerId: string;
  sessionId: string;
  /** Client time, ISO-8601 with a zone, e.g. 2026-11-24T10:00:00.000Z. */
  timestamp: string;
  properties?: Record<string, PropertyValue>;
  appVersion?: string;
  sdk?: SdkInfo;
}

export interface SessionStartEvent extends EventBase {
  type: 'session_start';
}

export interface SessionEndEvent extends EventBase {
  type: 'session_end';
  durationSeconds?: number;
}

/** Custom event, GameAnalytics style: `Kill:Sword:Robot` with an optional value. */
export interface DesignEvent extends EventBase {
  type: 'design';
  name: string;
  value?: number;
}

export interface ProgressionEvent extends EventBase {
  type: 'progression';
  status: ProgressionStatus;
  level: string;
  score?: number;
  attempt?: number;
}

export interface PurchaseEvent extends EventBase {
  type: 'purchase';
  /** ISO 4217, e.g. EUR. */
  currency: string;
  /** Minor units (cents) so that sums stay exact. */
  amount: number;
  itemId: string;
  itemType?: string;
  transactionId?: string;
}

export interface ErrorEvent extends EventBase {
  type: 'error';
  severity: ErrorSeverity;
  message: string;
}

export type TelemetryEvent =
  SessionStartEvent | SessionEndEvent | DesignEvent | ProgressionEvent | PurchaseEvent | ErrorEvent;

export type EventOfType<T extends EventType> = Extract<TelemetryEvent, { type: T }>;
