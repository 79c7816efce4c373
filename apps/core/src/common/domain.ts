import { EVENT_TYPES, type EventType } from '@gt/contracts';

export const ROLES = ['owner', 'admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { member: 1, admin: 2, owner: 3 };

/** owner > admin > member: members read, admins manage games/clients/keys/rules, owners manage members and the studio. */
export function roleAtLeast(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}

export const PLATFORMS = ['unity', 'unreal', 'web', 'node', 'other'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const ALERT_RULE_KINDS = ['players_reached', 'event_count'] as const;
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];

export const ALERT_EVENT_TYPES = EVENT_TYPES;
export type AlertEventType = EventType;

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const KEY_STATUSES = ['active', 'revoked', 'expired'] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

export const KEY_VALIDATION_STATUSES = ['active', 'revoked', 'unknown', 'expired'] as const;
export type KeyValidationStatus = (typeof KEY_VALIDATION_STATUSES)[number];

export const LIMITS = {
  nameMaxLength: 100,
  emailMaxLength: 254,
  recipientsMax: 20,
  windowSecondsMin: 60,
  windowSecondsMax: 86_400,
  cooldownSecondsMax: 7 * 86_400,
  pageSizeDefault: 50,
  pageSizeMax: 100,
  detailMaxLength: 2000,
  firingKeyMaxLength: 200,
} as const;

/** Actor of an audited change: a signed-in user (through the BFF) or another service. */
export type Actor = { kind: 'user'; userId: string } | { kind: 'service'; service: string };
