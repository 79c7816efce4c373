import { registerEnumType } from '@nestjs/graphql';

// GraphQL enums are UPPER_CASE by convention; their values are core's lower-case strings, so
// data from core passes through unchanged and input goes back to core as core spells it.

export enum Role {
  OWNER = 'owner',
  ADMIN = 'admin',
  MEMBER = 'member',
}
registerEnumType(Role, {
  name: 'Role',
  description:
    'owner > admin > member. Members read; admins manage games, clients, keys and alert rules; owners also manage members and the studio.',
});

export enum Platform {
  UNITY = 'unity',
  UNREAL = 'unreal',
  WEB = 'web',
  NODE = 'node',
  OTHER = 'other',
}
registerEnumType(Platform, { name: 'Platform' });

export enum ApiKeyStatus {
  ACTIVE = 'active',
  REVOKED = 'revoked',
  EXPIRED = 'expired',
}
registerEnumType(ApiKeyStatus, { name: 'ApiKeyStatus' });

export enum SigningSecretStatus {
  ACTIVE = 'active',
  REVOKED = 'revoked',
  EXPIRED = 'expired',
}
registerEnumType(SigningSecretStatus, {
  name: 'SigningSecretStatus',
  description:
    'ACTIVE: signatures made with it verify (a replaced secret stays ACTIVE until the end of its grace period, see expiresAt); REVOKED or EXPIRED: they no longer do.',
});

export enum AlertRuleKind {
  PLAYERS_REACHED = 'players_reached',
  EVENT_COUNT = 'event_count',
}
registerEnumType(AlertRuleKind, {
  name: 'AlertRuleKind',
  description:
    'PLAYERS_REACHED: distinct players reach the threshold; EVENT_COUNT: events in a window reach it.',
});

export enum EventType {
  SESSION_START = 'session_start',
  SESSION_END = 'session_end',
  DESIGN = 'design',
  PROGRESSION = 'progression',
  PURCHASE = 'purchase',
  ERROR = 'error',
}
registerEnumType(EventType, { name: 'EventType' });

export enum DeliveryStatus {
  PENDING = 'pending',
  DELIVERED = 'delivered',
  FAILED = 'failed',
}
registerEnumType(DeliveryStatus, { name: 'DeliveryStatus' });

export enum AuthMethod {
  SESSION = 'session',
  PERSONAL_ACCESS_TOKEN = 'personal-token',
}
registerEnumType(AuthMethod, {
  name: 'AuthMethod',
  description:
    'How the current request is authenticated: the browser session cookie or a personal access token.',
});
