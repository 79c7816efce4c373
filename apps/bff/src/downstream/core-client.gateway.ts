import { Inject, Injectable } from '@nestjs/common';
import {
  type CoreClient,
  CoreClientError,
  type CoreSchemas,
  CoreUnavailableError,
  createCoreClient,
  unwrap,
} from '@gt/core-client';
import { currentRequestId, DomainError } from '@gt/service-kit';
import type { Logger } from 'pino';
import type { PrincipalUser } from '../auth/principal';
import { BFF_CONFIG, type BffConfig } from '../config';
import type {
  AlertRuleKind,
  ApiKeyStatus,
  DeliveryStatus,
  EventType,
  Platform,
  Role,
  SigningSecretStatus,
} from '../graphql/enums';
import { bffErrors } from '../graphql/errors';
import { BFF_LOGGER } from '../logger';
import type {
  AddMemberResult,
  AlertHistoryEntry,
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
import {
  type AlertRuleFields,
  CoreGateway,
  type CreatedSession,
  type GoogleProfileInput,
  type PageArgs,
} from './core.gateway';
import { DownstreamMetrics } from './downstream-metrics';

type S = CoreSchemas;

// DTO -> GraphQL model. Enum values are core's strings, which the GraphQL enums use as values.
const user = (u: S['UserDto']): PrincipalUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  avatarUrl: u.avatarUrl,
});
const studio = (s: S['StudioDto']): Studio => ({ ...s, role: s.role as Role });
const member = (m: S['MemberDto']): Member => ({ ...m, role: m.role as Role });
const invitation = (i: S['InvitationDto']): Invitation => ({ ...i, role: i.role as Role });
const game = (g: S['GameDto']): Game => ({ ...g });
const client = (c: S['GameClientDto']): GameClient => ({ ...c, platform: c.platform as Platform });
const apiKey = (k: S['ApiKeyDto']): ApiKey => ({ ...k, status: k.status as ApiKeyStatus });
const signingSecret = (s: S['SigningSecretDto']): SigningSecret => ({
  ...s,
  status: s.status as SigningSecretStatus,
});
const signing = (p: S['SigningDto']): RequestSigning => ({ ...p, secrets: p.secrets.map(signingSecret) });
const rule = (r: S['AlertRuleDto']): AlertRule => ({
  ...r,
  kind: r.kind as AlertRuleKind,
  eventType: (r.eventType ?? null) as EventType | null,
});
const history = (h: S['AlertHistoryDto']): AlertHistoryEntry => ({
  ...h,
  deliveryStatus: h.deliveryStatus as DeliveryStatus,
});
const token = (t: S['PersonalTokenDto']): PersonalAccessToken => ({ ...t });

/** The user a call acts for, as core expects it. */
const as = (userId: string) => ({ headers: { 'x-user-id': userId } });

/**
 * CoreGateway on the generated @gt/core-client. One client per process; the acting user goes
 * in x-user-id per call. Every failure leaves here as a DomainError (see CoreGateway).
 */
@Injectable()
export class CoreClientGateway extends CoreGateway {
  private readonly core: CoreClient;

  constructor(
    @Inject(BFF_CONFIG) config: BffConfig,
    downstream: DownstreamMetrics,
    @Inject(BFF_LOGGER) private readonly logger: Logger,
  ) {
    super();
    this.core = createCoreClient({
      baseUrl: config.CORE_URL,
      serviceToken: config.SERVICE_TOKEN,
      timeoutMs: config.DOWNSTREAM_TIMEOUT_MS,
      requestId: currentRequestId,
      fetch: downstream.instrument('core'),
    });
  }

  /** Runs one call and translates core's failures into the BFF's domain errors. */
  private async call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      throw this.translate(e);
    }
  }

  private translate(e: unknown): unknown {
    if (e instanceof CoreUnavailableError) {
      this.logger.warn({ code: e.code, status: e.status }, 'core unavailable');
      return bffErrors.unavailable('core');
    }
    if (e instanceof CoreClientError) {
      // Our own credential refused is a deployment fault, never the user's: no UNAUTHENTICATED.
      if (e.code === 'SERVICE_CREDENTIAL_REQUIRED' || e.code === 'USER_REQUIRED') {
        this.logger.error({ code: e.code }, 'core refused the BFF service credential');
        return new Error(`core refused the service call: ${e.code}`);
      }
      const fieldErrors = e.fieldErrors.length ? e.fieldErrors : undefined;
      return new DomainError(e.code, e.message, e.status, fieldErrors ? { errors: fieldErrors } : undefined);
    }
    return e;
  }

  /** Identity checks answer null for "not valid", and throw only when core cannot answer. */
  private async validation<T>(run: () => Promise<T>): Promise<T | null> {
    try {
      return await run();
    } catch (e) {
      if (e instanceof CoreClientError && e.status === 401 && e.code !== 'SERVICE_CREDENTIAL_REQUIRED')
        return null;
      if (e instanceof CoreClientError && (e.status === 400 || e.status === 404)) return null;
      throw this.translate(e);
    }
  }

  // Identity

  upsertGoogleUser(profile: GoogleProfileInput): Promise<PrincipalUser> {
    return this.call(async () =>
      user(await unwrap(this.core.POST('/internal/users/google', { body: profile }))),
    );
  }

  createSession(userId: string, meta: { userAgent?: string; ip?: string }): Promise<CreatedSession> {
    return this.call(async () => {
      const s = await unwrap(this.core.POST('/internal/sessions', { body: { userId, ...meta } }));
      return { token: s.token, expiresAt: new Date(s.expiresAt) };
    });
  }

  validateSession(tokenValue: string): Promise<{ user: PrincipalUser; sessionId: string } | null> {
    return this.validation(async () => {
      const v = await unwrap(this.core.POST('/internal/sessions/validate', { body: { token: tokenValue } }));
      return { user: user(v), sessionId: v.session.id };
    });
  }

  revokeSession(tokenValue: string): Promise<void> {
    return this.call(async () => {
      await unwrap(this.core.DELETE('/internal/sessions/current', { body: { token: tokenValue } }));
    });
  }

  revokeAllSessions(userId: string): Promise<number> {
    return this.call(async () => {
      const r = await unwrap(
        this.core.DELETE('/internal/users/{userId}/sessions', { params: { path: { userId } } }),
      );
      return r.revokedSessions;
    });
  }

  validatePersonalToken(tokenValue: string): Promise<{ user: PrincipalUser; tokenId: string } | null> {
    return this.validation(async () => {
      const v = await unwrap(
        this.core.POST('/internal/personal-tokens/validate', { body: { token: tokenValue } }),
      );
      return { user: user(v), tokenId: v.personalToken.id };
    });
  }

  // Personal access tokens

  listPersonalTokens(userId: string): Promise<PersonalAccessToken[]> {
    return this.call(async () =>
      (await unwrap(this.core.GET('/me/personal-tokens', as(userId)))).items.map(token),
    );
  }

  createPersonalToken(
    userId: string,
    input: { name: string; expiresInDays?: number },
  ): Promise<CreatedPersonalAccessToken> {
    return this.call(async () => {
      const r = await unwrap(this.core.POST('/me/personal-tokens', { ...as(userId), body: input }));
      return { personalAccessToken: token(r.personalToken), secret: r.secret };
    });
  }

  revokePersonalToken(userId: string, tokenId: string): Promise<void> {
    return this.call(async () => {
      await unwrap(
        this.core.DELETE('/me/personal-tokens/{tokenId}', { ...as(userId), params: { path: { tokenId } } }),
      );
    });
  }

  // Studios and members

  listStudios(userId: string): Promise<Studio[]> {
    return this.call(async () => (await unwrap(this.core.GET('/studios', as(userId)))).items.map(studio));
  }

  getStudio(userId: string, studioId: string): Promise<Studio> {
    return this.call(async () =>
      studio(
        await unwrap(this.core.GET('/studios/{studioId}', { ...as(userId), params: { path: { studioId } } })),
      ),
    );
  }

  createStudio(userId: string, name: string): Promise<Studio> {
    return this.call(async () =>
      studio(await unwrap(this.core.POST('/studios', { ...as(userId), body: { name } }))),
    );
  }

  renameStudio(userId: string, studioId: string, name: string): Promise<Studio> {
    return this.call(async () =>
      studio(
        await unwrap(
          this.core.PATCH('/studios/{studioId}', {
            ...as(userId),
            params: { path: { studioId } },
            body: { name },
          }),
        ),
      ),
    );
  }

  deleteStudio(userId: string, studioId: string, force: boolean): Promise<void> {
    return this.call(async () => {
      await unwrap(
        this.core.DELETE('/studios/{studioId}', {
          ...as(userId),
          params: { path: { studioId }, query: { force } },
        }),
      );
    });
  }

  listMembers(userId: string, studioId: string): Promise<Member[]> {
    return this.call(async () =>
      (
        await unwrap(
          this.core.GET('/studios/{studioId}/members', { ...as(userId), params: { path: { studioId } } }),
        )
      ).items.map(member),
    );
  }

  listInvitations(userId: string, studioId: string): Promise<Invitation[]> {
    return this.call(async () =>
      (
        await unwrap(
          this.core.GET('/studios/{studioId}/invitations', { ...as(userId), params: { path: { studioId } } }),
        )
      ).items.map(invitation),
    );
  }

  addMember(userId: string, studioId: string, email: string, role: Role): Promise<AddMemberResult> {
    return this.call(async () => {
      const r = await unwrap(
        this.core.POST('/studios/{studioId}/members', {
          ...as(userId),
          params: { path: { studioId } },
          body: { email, role },
        }),
      );
      return {
        status: r.status,
        member: r.member ? member(r.member) : null,
        invitation: r.invitation ? invitation(r.invitation) : null,
      };
    });
  }

  changeMemberRole(userId: string, studioId: string, memberId: string, role: Role): Promise<Member> {
    return this.call(async () =>
      member(
        await unwrap(
          this.core.PATCH('/studios/{studioId}/members/{userId}', {
            ...as(userId),
            params: { path: { studioId, userId: memberId } },
            body: { role },
          }),
        ),
      ),
    );
  }

  removeMember(userId: string, studioId: string, memberId: string): Promise<void> {
    return this.call(async () => {
      await unwrap(
        this.core.DELETE('/studios/{studioId}/members/{userId}', {
          ...as(userId),
          params: { path: { studioId, userId: memberId } },
        }),
      );
    });
  }

  revokeInvitation(userId: string, studioId: string, invitationId: string): Promise<void> {
    return this.call(async () => {
      await unwrap(
        this.core.DELETE('/studios/{studioId}/invitations/{invitationId}', {
          ...as(userId),
          params: { path: { studioId, invitationId } },
        }),
      );
    });
  }

  auditLog(userId: string, studioId: string, page: PageArgs): Promise<AuditLogPage> {
    return this.call(async () => {
      const r = await unwrap(
        this.core.GET('/studios/{studioId}/audit-log', {
          ...as(userId),
          params: { path: { studioId }, query: { limit: page.limit, cursor: page.cursor } },
        }),
      );
      return {
        items: r.items.map(({ details, ...e }) => ({ ...e, detailsJson: JSON.stringify(details ?? {}) })),
        nextCursor: r.nextCursor,
      };
    });
  }

  // Games, clients, keys

  listGames(userId: string, studioId: string, includeArchived: boolean): Promise<Game[]> {
    return this.call(async () =>
      (
        await unwrap(
          this.core.GET('/studios/{studioId}/games', {
            ...as(userId),
            params: { path: { studioId }, query: { includeArchived } },
          }),
        )
      ).items.map(game),
    );
  }

  getGame(userId: string, studioId: string, gameId: string): Promise<Game> {
    return this.call(async () =>
      game(
        await unwrap(
          this.core.GET('/studios/{studioId}/games/{gameId}', {
            ...as(userId),
            params: { path: { studioId, gameId } },
          }),
        ),
      ),
    );
  }

  createGame(userId: string, studioId: string, name: string): Promise<Game> {
    return this.call(async () =>
      game(
        await unwrap(
          this.core.POST('/studios/{studioId}/games', {
            ...as(userId),
            params: { path: { studioId } },
            body: { name },
          }),
        ),
      ),
    );
  }

  renameGame(userId: string, studioId: string, gameId: string, name: string): Promise<Game> {
    return this.call(async () =>
      game(
        await unwrap(
          this.core.PATCH('/studios/{studioId}/games/{gameId}', {
            ...as(userId),
            params: { path: { studioId, gameId } },
            body: { name },
          }),
        ),
      ),
    );
  }

  archiveGame(userId: string, studioId: string, gameId: string): Promise<Game> {
    return this.call(async () =>
      game(
        await unwrap(
          this.core.POST('/studios/{studioId}/games/{gameId}/archive', {
            ...as(userId),
            params: { path: { studioId, gameId } },
          }),
        ),
      ),
    );
  }

  restoreGame(userId: string, studioId: string, gameId: string): Promise<Game> {
    return this.call(async () =>
      game(
        await unwrap(
          this.core.POST('/studios/{studioId}/games/{gameId}/restore', {
            ...as(userId),
            params: { path: { studioId, gameId } },
          }),
        ),
      ),
    );
  }

  listClients(userId: string, studioId: string, gameId: string): Promise<GameClient[]> {
    return this.call(async () =>
      (
        await unwrap(
          this.core.GET('/studios/{studioId}/games/{gameId}/clients', {
            ...as(userId),
            params: { path: { studioId, gameId } },
          }),
        )
      ).items.map(client),
    );
  }

  createClient(
    userId: string,
    studioId: string,
    gameId: string,
    input: { name: string; platform: Platform },
  ): Promise<GameClient> {
    return this.call(async () =>
      client(
        await unwrap(
          this.core.POST('/studios/{studioId}/games/{gameId}/clients', {
            ...as(userId),
            params: { path: { studioId, gameId } },
            body: input,
          }),
        ),
      ),
    );
  }

  renameClient(
    userId: string,
    ids: { studioId: string; gameId: string; clientId: string },
    name: string,
  ): Promise<GameClient> {
    return this.call(async () =>
      client(
        await unwrap(
          this.core.PATCH('/studios/{studioId}/games/{gameId}/clients/{clientId}', {
            ...as(userId),
            params: { path: ids },
            body: { name },
          }),
        ),
      ),
    );
  }

  deleteClient(userId: string, ids: { studioId: string; gameId: string; clientId: string }): Promise<void> {
    return this.call(async () => {
      await unwrap(
        this.core.DELETE('/studios/{studioId}/games/{gameId}/clients/{clientId}', {
          ...as(userId),
          params: { path: ids },
        }),
      );
    });
  }

  listApiKeys(userId: string, studioId: string, gameId: string, clientId: string): Promise<ApiKey[]> {
    return this.call(async () =>
      (
        await unwrap(
          this.core.GET('/studios/{studioId}/games/{gameId}/clients/{clientId}/api-keys', {
            ...as(userId),
            params: { path: { studioId, gameId, clientId } },
          }),
        )
      ).items.map(apiKey),
    );
  }

  createApiKey(
    userId: string,
    ids: { studioId: string; gameId: string; clientId: string },
    input: { name: string; expiresAt?: Date },
  ): Promise<CreatedApiKey> {
    return this.call(async () => {
      const r = await unwrap(
        this.core.POST('/studios/{studioId}/games/{gameId}/clients/{clientId}/api-keys', {
          ...as(userId),
          params: { path: ids },
          body: { name: input.name, expiresAt: input.expiresAt?.toISOString() },
        }),
      );
      return { apiKey: apiKey(r.apiKey), secret: r.secret };
    });
  }

  rotateApiKey(
    userId: string,
    ids: { studioId: string; gameId: string; clientId: string; keyId: string },
    graceHours?: number,
  ): Promise<RotatedApiKey> {
    return this.call(async () => {
      const r = await unwrap(
        this.core.POST('/studios/{studioId}/games/{gameId}/clients/{clientId}/api-keys/{keyId}/rotate', {
          ...as(userId),
          params: { path: ids },
          body: { graceHours },
        }),
      );
      return { apiKey: apiKey(r.apiKey), secret: r.secret, previous: apiKey(r.previous) };
    });
  }

  revokeApiKey(
    userId: string,
    ids: { studioId: string; gameId: string; clientId: string; keyId: string },
  ): Promise<ApiKey> {
    return this.call(async () =>
      apiKey(
        await unwrap(
          this.core.POST('/studios/{studioId}/games/{gameId}/clients/{clientId}/api-keys/{keyId}/revoke', {
            ...as(userId),
            params: { path: ids },
          }),
        ),
      ),
    );
  }

  // Request signing

  getSigning(
    userId: string,
    ids: { studioId: string; gameId: string; clientId: string },
  ): Promise<RequestSigning> {
    return this.call(async () =>
      signing(
        await unwrap(
          this.core.GET('/studios/{studioId}/games/{gameId}/clients/{clientId}/signing', {
            ...as(userId),
            params: { path: ids },
          }),
        ),
      ),
    );
  }

  setSigningRequired(
    userId: string,
    ids: { studioId: string; gameId: string; clientId: string },
    required: boolean,
  ): Promise<RequestSigning> {
    return this.call(async () =>
      signing(
        await unwrap(
          this.core.PUT('/studios/{studioId}/games/{gameId}/clients/{clientId}/signing', {
            ...as(userId),
            params: { path: ids },
            body: { required },
          }),
        ),
      ),
    );
  }

  createSigningSecret(
    userId: string,
    ids: { studioId: string; gameId: string; clientId: string },
    graceHours?: number,
  ): Promise<CreatedSigningSecret> {
    return this.call(async () => {
      const r = await unwrap(
        this.core.POST('/studios/{studioId}/games/{gameId}/clients/{clientId}/signing/secrets', {
          ...as(userId),
          params: { path: ids },
          body: { graceHours },
        }),
      );
      return {
        signingSecret: signingSecret(r.signingSecret),
        secret: r.secret,
        previous: r.previous ? signingSecret(r.previous) : null,
      };
    });
  }

  revokeSigningSecret(
    userId: string,
    ids: { studioId: string; gameId: string; clientId: string; secretId: string },
  ): Promise<SigningSecret> {
    return this.call(async () =>
      signingSecret(
        await unwrap(
          this.core.POST(
            '/studios/{studioId}/games/{gameId}/clients/{clientId}/signing/secrets/{secretId}/revoke',
            { ...as(userId), params: { path: ids } },
          ),
        ),
      ),
    );
  }

  // Alerts

  listAlertRules(userId: string, studioId: string, gameId: string): Promise<AlertRule[]> {
    return this.call(async () =>
      (
        await unwrap(
          this.core.GET('/studios/{studioId}/games/{gameId}/alert-rules', {
            ...as(userId),
            params: { path: { studioId, gameId } },
          }),
        )
      ).items.map(rule),
    );
  }

  getAlertRule(
    userId: string,
    ids: { studioId: string; gameId: string; ruleId: string },
  ): Promise<AlertRule> {
    return this.call(async () =>
      rule(
        await unwrap(
          this.core.GET('/studios/{studioId}/games/{gameId}/alert-rules/{ruleId}', {
            ...as(userId),
            params: { path: ids },
          }),
        ),
      ),
    );
  }

  createAlertRule(
    userId: string,
    studioId: string,
    gameId: string,
    input: AlertRuleFields & { name: string; kind: AlertRuleKind; threshold: number; recipients: string[] },
  ): Promise<AlertRule> {
    return this.call(async () =>
      rule(
        await unwrap(
          this.core.POST('/studios/{studioId}/games/{gameId}/alert-rules', {
            ...as(userId),
            params: { path: { studioId, gameId } },
            body: { ...input, enabled: input.enabled ?? true },
          }),
        ),
      ),
    );
  }

  updateAlertRule(
    userId: string,
    ids: { studioId: string; gameId: string; ruleId: string },
    input: AlertRuleFields,
  ): Promise<AlertRule> {
    return this.call(async () =>
      rule(
        await unwrap(
          this.core.PATCH('/studios/{studioId}/games/{gameId}/alert-rules/{ruleId}', {
            ...as(userId),
            params: { path: ids },
            body: input,
          }),
        ),
      ),
    );
  }

  deleteAlertRule(userId: string, ids: { studioId: string; gameId: string; ruleId: string }): Promise<void> {
    return this.call(async () => {
      await unwrap(
        this.core.DELETE('/studios/{studioId}/games/{gameId}/alert-rules/{ruleId}', {
          ...as(userId),
          params: { path: ids },
        }),
      );
    });
  }

  alertHistory(
    userId: string,
    studioId: string,
    filter: PageArgs & { gameId?: string; ruleId?: string },
  ): Promise<AlertHistoryPage> {
    return this.call(async () => {
      const r = await unwrap(
        this.core.GET('/studios/{studioId}/alert-history', {
          ...as(userId),
          params: {
            path: { studioId },
            query: {
              limit: filter.limit,
              cursor: filter.cursor,
              gameId: filter.gameId,
              ruleId: filter.ruleId,
            },
          },
        }),
      );
      return { items: r.items.map(history), nextCursor: r.nextCursor };
    });
  }

  ping(): Promise<void> {
    return this.call(async () => {
      await unwrap(this.core.GET('/health/live'));
    });
  }
}
