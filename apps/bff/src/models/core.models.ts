import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { EXPECTED_ITEMS, listOf } from '../graphql/complexity';
import { DateTimeScalar } from '../graphql/scalars';
import {
  AlertRuleKind,
  ApiKeyStatus,
  AuthMethod,
  DeliveryStatus,
  EventType,
  Platform,
  Role,
  SigningSecretStatus,
} from '../graphql/enums';

// Object types mirror core's DTOs field for field (core's OpenAPI document is the source);
// relations (a studio's games, a game's clients, a game's dashboard) are field resolvers.

@ObjectType({ description: 'The signed-in user (or the owner of the personal access token in use).' })
export class Viewer {
  @Field(() => ID) id!: string;
  @Field() email!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) avatarUrl!: string | null;
  @Field(() => AuthMethod) authMethod!: AuthMethod;
}

@ObjectType({ description: 'A studio (tenant) the viewer belongs to.' })
export class Studio {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => Role, { description: "The viewer's role in this studio" }) role!: Role;
  @Field(() => DateTimeScalar) createdAt!: string;
  @Field(() => DateTimeScalar) updatedAt!: string;
}

@ObjectType()
export class Member {
  @Field(() => ID) userId!: string;
  @Field() email!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) avatarUrl!: string | null;
  @Field(() => Role) role!: Role;
  @Field(() => DateTimeScalar) joinedAt!: string;
}

@ObjectType({ description: 'An invitation to an email without an account yet; accepted on first sign-in.' })
export class Invitation {
  @Field(() => ID) id!: string;
  @Field(() => ID) studioId!: string;
  @Field() email!: string;
  @Field(() => Role) role!: Role;
  @Field(() => ID, { nullable: true }) invitedBy!: string | null;
  @Field(() => DateTimeScalar) createdAt!: string;
}

@ObjectType()
export class AddMemberResult {
  @Field({ description: 'member: the user existed and joined now; invited: they join on first sign-in' })
  status!: 'member' | 'invited';
  @Field(() => Member, { nullable: true }) member?: Member | null;
  @Field(() => Invitation, { nullable: true }) invitation?: Invitation | null;
}

@ObjectType()
export class Game {
  @Field(() => ID) id!: string;
  @Field(() => ID) studioId!: string;
  @Field() name!: string;
  @Field(() => DateTimeScalar) createdAt!: string;
  @Field(() => DateTimeScalar) updatedAt!: string;
  @Field(() => DateTimeScalar, { nullable: true }) archivedAt!: string | null;
}

@ObjectType({
  description: 'A build of a game that sends events (one per platform or flavour), with its own API keys.',
})
export class GameClient {
  @Field(() => ID) id!: string;
  @Field(() => ID) studioId!: string;
  @Field(() => ID) gameId!: string;
  @Field() name!: string;
  @Field(() => Platform) platform!: Platform;
  @Field({
    description:
      'Ingestion refuses requests of this client without a valid X-Signature (see `signing`); false unless an admin turned it on',
  })
  signingRequired!: boolean;
  @Field(() => DateTimeScalar) createdAt!: string;
  @Field(() => DateTimeScalar) updatedAt!: string;
}

@ObjectType({
  description: 'An API key of a game client. The secret itself is only in the create/rotate payload.',
})
export class ApiKey {
  @Field(() => ID) id!: string;
  @Field(() => ID) studioId!: string;
  @Field(() => ID) gameId!: string;
  @Field(() => ID) gameClientId!: string;
  @Field() name!: string;
  @Field({ description: 'First characters of the key, for telling keys apart' }) displayPrefix!: string;
  @Field(() => ApiKeyStatus) status!: ApiKeyStatus;
  @Field(() => ID, { nullable: true }) createdBy!: string | null;
  @Field(() => DateTimeScalar) createdAt!: string;
  @Field(() => DateTimeScalar, { nullable: true }) lastUsedAt!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) expiresAt!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) revokedAt!: string | null;
  @Field(() => ID, { nullable: true }) rotatedFromId!: string | null;
  @Field(() => ID, { nullable: true }) replacedById!: string | null;
}

@ObjectType()
export class CreatedApiKey {
  @Field(() => ApiKey) apiKey!: ApiKey;
  @Field({ description: 'The key (gtk_live_...). Shown once: only its hash is stored.' }) secret!: string;
}

@ObjectType()
export class RotatedApiKey extends CreatedApiKey {
  @Field(() => ApiKey, { description: 'The replaced key, expiring at the end of the grace period' })
  previous!: ApiKey;
}

@ObjectType({
  description:
    'A request-signing secret of a game client (metadata only). The secret itself is only in the createSigningSecret payload.',
})
export class SigningSecret {
  @Field(() => ID) id!: string;
  @Field(() => ID) gameClientId!: string;
  @Field({ description: 'First characters of the secret, for telling secrets apart' }) displayPrefix!: string;
  @Field(() => SigningSecretStatus) status!: SigningSecretStatus;
  @Field(() => ID, { nullable: true }) createdBy!: string | null;
  @Field(() => DateTimeScalar) createdAt!: string;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When a replaced secret stops verifying (the end of its rotation grace period)',
  })
  expiresAt!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) revokedAt!: string | null;
}

@ObjectType({ description: "A game client's request-signing policy and its secrets." })
export class RequestSigning {
  @Field(() => ID) gameClientId!: string;
  @Field({ description: 'Ingestion refuses requests of this client without a valid X-Signature' })
  required!: boolean;
  @Field(() => [SigningSecret], {
    description: 'Newest first, history included; at most two are ACTIVE (during a rotation)',
    complexity: listOf(EXPECTED_ITEMS.signingSecrets),
  })
  secrets!: SigningSecret[];
}

@ObjectType()
export class CreatedSigningSecret {
  @Field(() => SigningSecret) signingSecret!: SigningSecret;
  @Field({ description: 'The secret (gts_...) to configure in the SDK. Shown once: no query returns it.' })
  secret!: string;
  @Field(() => SigningSecret, {
    nullable: true,
    description:
      'The secret it replaces, verifying until the end of the grace period; null for the first one',
  })
  previous!: SigningSecret | null;
}

@ObjectType()
export class AlertRule {
  @Field(() => ID) id!: string;
  @Field(() => ID) studioId!: string;
  @Field(() => ID) gameId!: string;
  @Field() name!: string;
  @Field(() => AlertRuleKind) kind!: AlertRuleKind;
  @Field(() => Int) threshold!: number;
  @Field(() => EventType, { nullable: true }) eventType!: EventType | null;
  @Field(() => String, { nullable: true }) eventName!: string | null;
  @Field(() => Int, { nullable: true }) windowSeconds!: number | null;
  @Field(() => Int, { nullable: true }) cooldownSeconds!: number | null;
  @Field(() => [String]) recipients!: string[];
  @Field() enabled!: boolean;
  @Field(() => DateTimeScalar) createdAt!: string;
  @Field(() => DateTimeScalar) updatedAt!: string;
}

@ObjectType()
export class AlertHistoryEntry {
  @Field(() => ID) id!: string;
  @Field(() => ID) studioId!: string;
  @Field(() => ID) gameId!: string;
  @Field(() => ID) ruleId!: string;
  @Field() ruleName!: string;
  @Field(() => DateTimeScalar) firedAt!: string;
  @Field() observedValue!: number;
  @Field() threshold!: number;
  @Field(() => DeliveryStatus) deliveryStatus!: DeliveryStatus;
  @Field(() => String, { nullable: true }) detail!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) deliveredAt!: string | null;
}

@ObjectType()
export class AlertHistoryPage {
  @Field(() => [AlertHistoryEntry]) items!: AlertHistoryEntry[];
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page' })
  nextCursor!: string | null;
}

@ObjectType()
export class AuditLogEntry {
  @Field(() => ID) id!: string;
  @Field(() => DateTimeScalar) at!: string;
  @Field() actorKind!: string;
  @Field(() => ID, { nullable: true }) actorUserId!: string | null;
  @Field(() => String, { nullable: true }) actorEmail!: string | null;
  @Field({ description: 'e.g. api_key.revoked' }) action!: string;
  @Field() targetType!: string;
  @Field() targetId!: string;
  @Field({ description: 'Details of the change as a JSON object' }) detailsJson!: string;
}

@ObjectType()
export class AuditLogPage {
  @Field(() => [AuditLogEntry]) items!: AuditLogEntry[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

@ObjectType({ description: 'A token for scripts and the GraphQL IDE: Authorization: Bearer gtp_...' })
export class PersonalAccessToken {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() displayPrefix!: string;
  @Field(() => DateTimeScalar) createdAt!: string;
  @Field(() => DateTimeScalar, { nullable: true }) lastUsedAt!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) expiresAt!: string | null;
}

@ObjectType()
export class CreatedPersonalAccessToken {
  @Field(() => PersonalAccessToken) personalAccessToken!: PersonalAccessToken;
  @Field({ description: 'The token (gtp_...). Shown once: only its hash is stored.' }) secret!: string;
}

@ObjectType({ description: 'What the sign-in page needs to know; answered without signing in.' })
export class AuthConfig {
  @Field({ description: 'GET /auth/google starts a Google sign-in' }) googleEnabled!: boolean;
  @Field({ description: 'GET /auth/dev shows the development sign-in form (never in production)' })
  devLoginEnabled!: boolean;
  @Field() googleLoginUrl!: string;
  @Field() devLoginUrl!: string;
  @Field({ description: 'POST here (form or fetch) to sign out' }) logoutUrl!: string;
}
