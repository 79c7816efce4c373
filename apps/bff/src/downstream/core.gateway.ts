import type { PrincipalUser } from '../auth/principal';
import type { AlertRuleKind, EventType, Platform, Role } from '../graphql/enums';
import type {
  AddMemberResult,
  AlertHistoryPage,
  AlertRule,
  ApiKey,
  AuditLogPage,
  CreatedApiKey,
  CreatedPersonalAccessToken,
  CreatedSigningSecret,
  Game,
  GameClient,
  Invitation,
  Member,
  PersonalAccessToken,
  RequestSigning,
  RotatedApiKey,
  SigningSecret,
  Studio,
} from '../models/core.models';

export interface GoogleProfileInput {
  googleSubject: string;
  email: string;
  name: string;
  avatarUrl: string | null;
}

export interface CreatedSession {
  token: string;
  expiresAt: Date;
}

export interface AlertRuleFields {
  name?: string;
  kind?: AlertRuleKind;
  threshold?: number;
  eventType?: EventType | null;
  eventName?: string | null;
  windowSeconds?: number | null;
  cooldownSeconds?: number | null;
  recipients?: string[];
  enabled?: boolean;
}

export interface PageArgs {
  limit?: number;
  cursor?: string;
}

/**
 * Everything the BFF asks of core, in the BFF's terms. The one implementation
 * (CoreClientGateway) calls core through the generated @gt/core-client and turns its
 * failures into domain errors: core unreachable -> UPSTREAM_UNAVAILABLE, core's 404 ->
 * NOT_FOUND (core answers 404 to non-members, so another studio's ids are indistinguishable
 * from ids that do not exist), 401 -> UNAUTHENTICATED, 403 -> FORBIDDEN, 400/409 ->
 * BAD_USER_INPUT with core's code as `reason`.
 * User calls carry the acting user's id; core authorizes every one of them.
 */
export abstract class CoreGateway {
  // Identity (internal routes, service credential only)
  abstract upsertGoogleUser(profile: GoogleProfileInput): Promise<PrincipalUser>;
  abstract createSession(userId: string, meta: { userAgent?: string; ip?: string }): Promise<CreatedSession>;
  /** null when core says the session is not valid (unknown, expired, revoked). */
  abstract validateSession(token: string): Promise<{ user: PrincipalUser; sessionId: string } | null>;
  abstract revokeSession(token: string): Promise<void>;
  abstract revokeAllSessions(userId: string): Promise<number>;
  abstract validatePersonalToken(token: string): Promise<{ user: PrincipalUser; tokenId: string } | null>;

  // Personal access tokens
  abstract listPersonalTokens(userId: string): Promise<PersonalAccessToken[]>;
  abstract createPersonalToken(
    userId: string,
    input: { name: string; expiresInDays?: number },
  ): Promise<CreatedPersonalAccessToken>;
  abstract revokePersonalToken(userId: string, tokenId: string): Promise<void>;

  // Studios and members
  abstract listStudios(userId: string): Promise<Studio[]>;
  abstract getStudio(userId: string, studioId: string): Promise<Studio>;
  abstract createStudio(userId: string, name: string): Promise<Studio>;
  abstract renameStudio(userId: string, studioId: string, name: string): Promise<Studio>;
  abstract deleteStudio(userId: string, studioId: string, force: boolean): Promise<void>;
  abstract listMembers(userId: string, studioId: string): Promise<Member[]>;
  abstract listInvitations(userId: string, studioId: string): Promise<Invitation[]>;
  abstract addMember(userId: string, studioId: string, email: string, role: Role): Promise<AddMemberResult>;
  abstract changeMemberRole(userId: string, studioId: string, memberId: string, role: Role): Promise<Member>;
  abstract removeMember(userId: string, studioId: string, memberId: string): Promise<void>;
  abstract revokeInvitation(userId: string, studioId: string, invitationId: string): Promise<void>;
  abstract auditLog(userId: string, studioId: string, page: PageArgs): Promise<AuditLogPage>;

  // Games, clients, keys
  abstract listGames(userId: string, studioId: string, includeArchived: boolean): Promise<Game[]>;
  abstract getGame(userId: string, studioId: string, gameId: string): Promise<Game>;
  abstract createGame(userId: string, studioId: string, name: string): Promise<Game>;
  abstract renameGame(userId: string, studioId: string, gameId: string, name: string): Promise<Game>;
  abstract archiveGame(userId: string, studioId: string, gameId: string): Promise<Game>;
  abstract restoreGame(userId: string, studioId: string, gameId: string): Promise<Game>;
  abstract listClients(userId: string, studioId: string, gameId: string): Promise<GameClient[]>;
  abstract createClient(
    userId: string,
    studioId: string,
    gameId: string,
    input: { name: string; platform: Platform },
  ): Promise<GameClient>;
  abstract renameClient(
    userId: string,
    ids: { studioId: string; gameId: string; clientId: string },
    name: string,
  ): Promise<GameClient>;
  abstract deleteClient(
    userId: string,
    ids: { studioId: string; gameId: string; clientId: string },
  ): Promise<void>;
  abstract listApiKeys(userId: string, studioId: string, gameId: string, clientId: string): Promise<ApiKey[]>;
  abstract createApiKey(
    userId: string,
    ids: { studioId: string; gameId: string; clientId: string },
    input: { name: string; expiresAt?: Date },
  ): Promise<CreatedApiKey>;
  abstract rotateApiKey(
    userId: string,
    ids: { studioId: string; gameId: string; clientId: string; keyId: string },
    graceHours?: number,
  ): Promise<RotatedApiKey>;
  abstract revokeApiKey(
    userId: string,
    ids: { studioId: string; gameId: string; clientId: string; keyId: string },
  ): Promise<ApiKey>;

  // Request signing of a client (members read, admins change; core decides)
  abstract getSigning(
    userId: string,
    ids: { studioId: string; gameId: string; clientId: string },
  ): Promise<RequestSigning>;
  abstract setSigningRequired(
    userId: string,
    ids: { studioId: string; gameId: string; clientId: string },
    required: boolean,
  ): Promise<RequestSigning>;
  abstract createSigningSecret(
    userId: string,
    ids: { studioId: string; gameId: string; clientId: string },
    graceHours?: number,
  ): Promise<CreatedSigningSecret>;
  abstract revokeSigningSecret(
    userId: string,
    ids: { studioId: string; gameId: string; clientId: string; secretId: string },
  ): Promise<SigningSecret>;

  // Alerts
  abstract listAlertRules(userId: string, studioId: string, gameId: string): Promise<AlertRule[]>;
  abstract getAlertRule(
    userId: string,
    ids: { studioId: string; gameId: string; ruleId: string },
  ): Promise<AlertRule>;
  abstract createAlertRule(
    userId: string,
    studioId: string,
    gameId: string,
    input: AlertRuleFields & { name: string; kind: AlertRuleKind; threshold: number; recipients: string[] },
  ): Promise<AlertRule>;
  abstract updateAlertRule(
    userId: string,
    ids: { studioId: string; gameId: string; ruleId: string },
    input: AlertRuleFields,
  ): Promise<AlertRule>;
  abstract deleteAlertRule(
    userId: string,
    ids: { studioId: string; gameId: string; ruleId: string },
  ): Promise<void>;
  abstract alertHistory(
    userId: string,
    studioId: string,
    filter: PageArgs & { gameId?: string; ruleId?: string },
  ): Promise<AlertHistoryPage>;

  /** For readiness: core answers its own health endpoint. */
  abstract ping(): Promise<void>;
}
