export {
  CoreClientError,
  CoreUnavailableError,
  createCoreClient,
  isCoreClientError,
  toCoreError,
  unwrap,
  type CoreClient,
  type CoreClientOptions,
  type CorePaths,
  type CoreProblem,
  type CoreSchemas,
} from './client';
export type {
  components as CoreComponents,
  operations as CoreOperations,
  paths as CoreApiPaths,
} from './generated/core';

import type { components } from './generated/core';

type S = components['schemas'];
/** Shorthands for the DTOs other services handle most. */
export type CoreUser = S['UserDto'];
export type CoreStudio = S['StudioDto'];
export type CoreMember = S['MemberDto'];
export type CoreInvitation = S['InvitationDto'];
export type CoreGame = S['GameDto'];
export type CoreGameClient = S['GameClientDto'];
export type CoreApiKey = S['ApiKeyDto'];
export type CoreApiKeyValidation = S['ApiKeyValidationDto'];
export type CoreAlertRule = S['AlertRuleDto'];
export type CoreFeedAlertRule = S['InternalAlertRuleDto'];
export type CoreAlertRuleFeed = S['AlertRuleFeedDto'];
export type CoreAlertHistory = S['AlertHistoryDto'];
export type CoreAuditEntry = S['AuditEntryDto'];
export type CoreRole = S['Role'];
export type CorePlatform = S['Platform'];
export type CoreDeliveryStatus = S['DeliveryStatus'];
