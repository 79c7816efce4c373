import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CORE_CONFIG } from '../tokens';
import type { CoreConfig } from '../config';
import { Clock } from '../common/clock';
import { coreErrors } from '../common/errors';
import { iso, isoRequired } from '../common/pagination';
import type { CreatedSigningSecretDto, SigningDto, SigningSecretDto } from '../dtos/signing.dto';
import { AuditRepository } from '../repositories/audit.repository';
import { GameClientsRepository } from '../repositories/game-clients.repository';
import {
  SigningSecretsRepository,
  type SigningSecretRecord,
} from '../repositories/signing-secrets.repository';
import { AccessService } from './access.service';
import { keyStatus } from './api-keys.service';
import { GameClientsService } from './game-clients.service';
import { GamesService } from './games.service';

/** A new signing secret: `gts_` and 32 random bytes in base64url (43 characters). */
export function generateSigningSecret(): string {
  return `gts_${randomBytes(32).toString('base64url')}`;
}

/** What tells secrets apart in lists: the prefix and the first 8 characters. */
export function signingSecretDisplayPrefix(secret: string): string {
  return secret.slice(0, 12);
}

/**
 * Request signing of a game client (docs/core.md, "Request signing"): the secrets its builds
 * sign with (at most two live: the newest, and the one it replaced during the grace period),
 * and whether ingestion requires a valid X-Signature. Ingestion learns both with the key
 * validation answer, so a change reaches it within its key cache time.
 */
@Injectable()
export class SigningService {
  constructor(
    @Inject(CORE_CONFIG) private readonly config: CoreConfig,
    private readonly clock: Clock,
    private readonly access: AccessService,
    private readonly games: GamesService,
    private readonly clients: GameClientsService,
    private readonly clientRows: GameClientsRepository,
    private readonly secrets: SigningSecretsRepository,
    private readonly audit: AuditRepository,
  ) {}

  toDto(s: SigningSecretRecord): SigningSecretDto {
    return {
      id: s.id,
      gameClientId: s.gameClientId,
      displayPrefix: s.displayPrefix,
      status: keyStatus(s, this.clock.now()),
      createdBy: s.createdBy,
      createdAt: isoRequired(s.createdAt),
      expiresAt: iso(s.expiresAt),
      revokedAt: iso(s.revokedAt),
    };
  }

  async get(studioId: string, userId: string, gameId: string, clientId: string): Promise<SigningDto> {
    return this.access.asMember(studioId, userId, 'member', async () => {
      const client = await this.clients.require(gameId, clientId);
      return this.policy(clientId, client.signingRequired);
    });
  }

  /** Turns the requirement on (a live secret must exist) or off. */
  async setRequired(
    studioId: string,
    userId: string,
    gameId: string,
    clientId: string,
    required: boolean,
  ): Promise<SigningDto> {
    return this.access.asMember(studioId, userId, 'admin', async () => {
      const before = await this.clients.require(gameId, clientId);
      if (required && (await this.secrets.liveForUpdate(clientId)).length === 0) {
        throw coreErrors.signingSecretRequired();
      }
      if (before.signingRequired !== required) {
        await this.clientRows.setSigningRequired(clientId, required);
        await this.secrets.syncIndex(clientId);
        await this.audit.insert(
          { kind: 'user', userId },
          required ? 'game_client.signing_required' : 'game_client.signing_optional',
          'game_client',
          clientId,
          { gameId },
        );
      }
      return this.policy(clientId, required);
    });
  }

  /**
   * Issues a new secret. The newest live one keeps verifying for `graceHours` (so builds that
   * carry it keep working while the new one rolls out); any older live one ends now.
   */
  async createSecret(
    studioId: string,
    userId: string,
    gameId: string,
    clientId: string,
    graceHours: number = this.config.KEY_ROTATION_GRACE_HOURS,
  ): Promise<CreatedSigningSecretDto> {
    return this.access.asMember(studioId, userId, 'admin', async () => {
      await this.games.requireActive(gameId);
      await this.clients.require(gameId, clientId);
      const [current, ...older] = await this.secrets.liveForUpdate(clientId);
      for (const old of older) await this.secrets.expireIn(old.id, 0);
      const previous = current ? await this.secrets.expireIn(current.id, graceHours) : null;
      const secret = generateSigningSecret();
      const record = await this.secrets.insert(clientId, secret, signingSecretDisplayPrefix(secret), userId);
      await this.secrets.syncIndex(clientId);
      await this.audit.insert(
        { kind: 'user', userId },
        'signing_secret.created',
        'signing_secret',
        record.id,
        {
          gameId,
          gameClientId: clientId,
          displayPrefix: record.displayPrefix,
          replacedId: previous?.id ?? null,
          graceHours: previous ? graceHours : null,
        },
      );
      return {
        signingSecret: this.toDto(record),
        secret,
        previous: previous ? this.toDto(previous) : null,
      };
    });
  }

  /** Revokes a secret at once. The last live secret of a client that requires signing cannot go. */
  async revokeSecret(
    studioId: string,
    userId: string,
    gameId: string,
    clientId: string,
    secretId: string,
  ): Promise<SigningSecretDto> {
    return this.access.asMember(studioId, userId, 'admin', async () => {
      const client = await this.clients.require(gameId, clientId);
      const live = await this.secrets.liveForUpdate(clientId);
      const target = await this.secrets.get(clientId, secretId);
      if (!target) throw coreErrors.signingSecretNotFound();
      const isLive = live.some((s) => s.id === secretId);
      if (isLive && client.signingRequired && live.length === 1) throw coreErrors.signingLastSecret();
      if (target.revokedAt) return this.toDto(target);
      const revoked = await this.secrets.revoke(secretId, userId);
      await this.secrets.syncIndex(clientId);
      await this.audit.insert(
        { kind: 'user', userId },
        'signing_secret.revoked',
        'signing_secret',
        secretId,
        {
          gameId,
          gameClientId: clientId,
          displayPrefix: revoked.displayPrefix,
        },
      );
      return this.toDto(revoked);
    });
  }

  private async policy(clientId: string, required: boolean): Promise<SigningDto> {
    const secrets = await this.secrets.listForClient(clientId);
    return { gameClientId: clientId, required, secrets: secrets.map((s) => this.toDto(s)) };
  }
}
