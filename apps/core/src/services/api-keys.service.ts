import { Inject, Injectable } from '@nestjs/common';
import { errors, MetricsRegistry } from '@gt/service-kit';
import type { Counter } from 'prom-client';
import { generateApiKey, hashApiKey, keyDisplayPrefix, parseApiKey } from '@gt/api-keys';
import { CORE_CONFIG } from '../tokens';
import type { CoreConfig } from '../config';
import {
  ApiKeysRepository,
  type ApiKeyRecord,
  type KeyIndexEntry,
} from '../repositories/api-keys.repository';
import { AuditRepository } from '../repositories/audit.repository';
import type { ApiKeyDto, ApiKeyValidationDto, CreatedApiKeyDto, RotatedApiKeyDto } from '../dtos/api-key.dto';
import type { KeyStatus, Platform } from '../common/domain';
import { Clock } from '../common/clock';
import { coreErrors } from '../common/errors';
import { iso, isoRequired } from '../common/pagination';
import { AccessService } from './access.service';
import { GameClientsService } from './game-clients.service';
import { GamesService } from './games.service';
import { KeyUsageTracker } from './key-usage.tracker';

export function keyStatus(k: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): KeyStatus {
  if (k.revokedAt) return 'revoked';
  if (k.expiresAt && k.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

/**
 * The answer for ingestion, from one index row. Every answer is cacheable for
 * KEY_CACHE_SECONDS, negative ones included; an active key that expires sooner (a rotated key
 * in its grace period) is cacheable only until it expires, and likewise for a signing secret
 * in its grace period. An active key carries its client's signing policy and live secrets.
 */
export function validationAnswer(
  entry: KeyIndexEntry | null,
  now: Date,
  cacheSeconds: number,
): ApiKeyValidationDto {
  if (!entry) return { status: 'unknown', cacheTtlSeconds: cacheSeconds };
  const status = keyStatus(entry, now);
  switch (status) {
    case 'revoked':
    case 'expired':
      return { status, keyId: entry.keyId, cacheTtlSeconds: cacheSeconds };
    case 'active': {
      // A secret in its rotation grace period may have expired since the index was written.
      const secrets = (entry.signing?.secrets ?? []).filter(
        (x) => x.expiresAt === null || Date.parse(x.expiresAt) > now.getTime(),
      );
      // The answer may be cached only until the key or one of the secrets expires.
      const ends = [
        entry.expiresAt?.getTime() ?? Infinity,
        ...secrets.map((x) => (x.expiresAt ? Date.parse(x.expiresAt) : Infinity)),
      ];
      const untilFirstEnd = Math.floor((Math.min(...ends) - now.getTime()) / 1000);
      return {
        status,
        keyId: entry.keyId,
        studioId: entry.studioId,
        gameId: entry.gameId,
        gameClientId: entry.gameClientId,
        platform: entry.platform,
        signing: { required: entry.signing?.required ?? false, secrets: secrets.map((x) => x.secret) },
        cacheTtlSeconds: Math.max(0, Math.min(cacheSeconds, untilFirstEnd)),
      };
    }
  }
}

@Injectable()
export class ApiKeysService {
  private readonly validations: Counter<'answer'>;

  constructor(
    @Inject(CORE_CONFIG) private readonly config: CoreConfig,
    private readonly clock: Clock,
    private readonly access: AccessService,
    private readonly games: GamesService,
    private readonly clients: GameClientsService,
    private readonly keys: ApiKeysRepository,
    private readonly audit: AuditRepository,
    private readonly usage: KeyUsageTracker,
    metrics: MetricsRegistry,
  ) {
    this.validations = metrics.counter('core_api_key_validations_total', 'API key validations by answer', [
      'answer',
    ]);
  }

  toDto(k: ApiKeyRecord): ApiKeyDto {
    return {
      id: k.id,
      studioId: k.studioId,
      gameId: k.gameId,
      gameClientId: k.gameClientId,
      name: k.name,
      displayPrefix: k.displayPrefix,
      status: keyStatus(k, this.clock.now()),
      createdBy: k.createdBy,
      createdAt: isoRequired(k.createdAt),
      lastUsedAt: iso(k.lastUsedAt),
      expiresAt: iso(k.expiresAt),
      revokedAt: iso(k.revokedAt),
      rotatedFromId: k.rotatedFromId,
      replacedById: k.replacedById,
    };
  }

  async create(
    studioId: string,
    userId: string,
    gameId: string,
    clientId: string,
    body: { name: string; expiresAt?: string },
  ): Promise<CreatedApiKeyDto> {
    if (body.expiresAt !== undefined && new Date(body.expiresAt).getTime() <= this.clock.now().getTime()) {
      throw errors.validation([
        { field: 'expiresAt', code: 'isFuture', message: 'expiresAt must be in the future' },
      ]);
    }
    return this.access.asMember(studioId, userId, 'admin', async () => {
      await this.games.requireActive(gameId);
      const client = await this.clients.require(gameId, clientId);
      const { record, secret } = await this.issue(
        client.gameId,
        client.id,
        client.platform,
        body.name,
        userId,
        body.expiresAt ?? null,
        null,
      );
      await this.audit.insert({ kind: 'user', userId }, 'api_key.created', 'api_key', record.id, {
        gameId,
        gameClientId: clientId,
        name: record.name,
        displayPrefix: record.displayPrefix,
      });
      return { apiKey: this.toDto(record), secret };
    });
  }

  async list(studioId: string, userId: string, gameId: string, clientId: string): Promise<ApiKeyDto[]> {
    return this.access.asMember(studioId, userId, 'member', async () => {
      await this.clients.require(gameId, clientId);
      return (await this.keys.listForClient(clientId)).map((k) => this.toDto(k));
    });
  }

  async revoke(
    studioId: string,
    userId: string,
    gameId: string,
    clientId: string,
    keyId: string,
  ): Promise<ApiKeyDto> {
    return this.access.asMember(studioId, userId, 'admin', async () => {
      const key = await this.requireKey(gameId, clientId, keyId);
      if (key.revokedAt) return this.toDto(key);
      const revoked = await this.keys.revoke(keyId, userId);
      await this.audit.insert({ kind: 'user', userId }, 'api_key.revoked', 'api_key', keyId, {
        gameId,
        gameClientId: clientId,
        name: key.name,
        displayPrefix: key.displayPrefix,
      });
      return this.toDto(revoked);
    });
  }

  /** A new key for the same client; the old one keeps working for the grace period, then expires. */
  async rotate(
    studioId: string,
    userId: string,
    gameId: string,
    clientId: string,
    keyId: string,
    graceHours = this.config.KEY_ROTATION_GRACE_HOURS,
  ): Promise<RotatedApiKeyDto> {
    return this.access.asMember(studioId, userId, 'admin', async () => {
      await this.games.requireActive(gameId);
      const client = await this.clients.require(gameId, clientId);
      const old = await this.requireKey(gameId, clientId, keyId);
      switch (keyStatus(old, this.clock.now())) {
        case 'revoked':
          throw coreErrors.keyRevoked();
        case 'expired':
          throw coreErrors.keyExpired();
        case 'active':
          break;
      }
      if (old.replacedById) throw coreErrors.keyAlreadyRotated();
      const { record, secret } = await this.issue(
        gameId,
        clientId,
        client.platform,
        old.name,
        userId,
        null,
        old.id,
      );
      const previous = await this.keys.expireAfterRotation(old.id, graceHours, record.id);
      await this.audit.insert({ kind: 'user', userId }, 'api_key.rotated', 'api_key', old.id, {
        gameId,
        gameClientId: clientId,
        newKeyId: record.id,
        graceHours,
        oldKeyExpiresAt: iso(previous.expiresAt),
      });
      return { apiKey: this.toDto(record), secret, previous: this.toDto(previous) };
    });
  }

  /** Ingestion's check: shape and checksum first (no I/O), then one indexed lookup by hash. */
  async validate(key: string): Promise<ApiKeyValidationDto> {
    const parsed = parseApiKey(key);
    if (!parsed.ok) {
      this.validations.inc({ answer: parsed.code });
      throw errors.badRequest(parsed.code, parsed.message);
    }
    const entry = await this.keys.findByHash(hashApiKey(key));
    const now = this.clock.now();
    const answer = validationAnswer(entry, now, this.config.KEY_CACHE_SECONDS);
    if (entry && answer.status === 'active') this.usage.note(entry.keyId, entry.studioId, now);
    this.validations.inc({ answer: answer.status });
    return answer;
  }

  private async requireKey(gameId: string, clientId: string, keyId: string): Promise<ApiKeyRecord> {
    await this.clients.require(gameId, clientId);
    const key = await this.keys.get(clientId, keyId, { forUpdate: true });
    if (!key) throw coreErrors.apiKeyNotFound();
    return key;
  }

  private async issue(
    gameId: string,
    clientId: string,
    platform: Platform,
    name: string,
    userId: string,
    expiresAt: string | null,
    rotatedFromId: string | null,
  ): Promise<{ record: ApiKeyRecord; secret: string }> {
    const secret = generateApiKey();
    const record = await this.keys.insert({
      gameId,
      gameClientId: clientId,
      platform,
      name,
      keyHash: hashApiKey(secret),
      displayPrefix: keyDisplayPrefix(secret),
      createdBy: userId,
      expiresAt,
      rotatedFromId,
    });
    return { record, secret };
  }
}
