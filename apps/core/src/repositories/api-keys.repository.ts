import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import type { Platform } from '../common/domain';
import type { LiveSigningSecret } from './signing-secrets.repository';

/** Key metadata as stored in the studio's schema (the hash is never here). */
export interface ApiKeyRecord {
  id: string;
  studioId: string;
  gameId: string;
  gameClientId: string;
  name: string;
  displayPrefix: string;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  rotatedFromId: string | null;
  replacedById: string | null;
}

/** One row of the shared key index: what validation needs, found by the key's hash. */
export interface KeyIndexEntry {
  keyId: string;
  studioId: string;
  gameId: string;
  gameClientId: string;
  platform: Platform;
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** The client's signing policy (core.client_signing_index); absent: never configured. */
  signing: { required: boolean; secrets: LiveSigningSecret[] } | null;
}

interface KeyRow {
  id: string;
  game_id: string;
  game_client_id: string;
  name: string;
  display_prefix: string;
  created_by: string | null;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
  rotated_from_id: string | null;
  replaced_by_id: string | null;
}

const COLUMNS =
  'id, game_id, game_client_id, name, display_prefix, created_by, created_at, last_used_at, expires_at, revoked_at, rotated_from_id, replaced_by_id';

/**
 * API keys live in two places written in one transaction: metadata in the studio's schema,
 * and the hash -> (studio, game, client) index in the shared schema for validation.
 */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly db: Database) {}

  private toRecord(r: KeyRow): ApiKeyRecord {
    return {
      id: r.id,
      studioId: this.db.currentTenant()!,
      gameId: r.game_id,
      gameClientId: r.game_client_id,
      name: r.name,
      displayPrefix: r.display_prefix,
      createdBy: r.created_by,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
      expiresAt: r.expires_at,
      revokedAt: r.revoked_at,
      rotatedFromId: r.rotated_from_id,
      replacedById: r.replaced_by_id,
    };
  }

  async insert(opts: {
    gameId: string;
    gameClientId: string;
    platform: Platform;
    name: string;
    keyHash: string;
    displayPrefix: string;
    createdBy: string;
    expiresAt: string | null;
    rotatedFromId: string | null;
  }): Promise<ApiKeyRecord> {
    const rows = await this.db.tenantQuery<KeyRow>(
      `INSERT INTO api_keys (game_id, game_client_id, name, display_prefix, created_by, expires_at, rotated_from_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [
        opts.gameId,
        opts.gameClientId,
        opts.name,
        opts.displayPrefix,
        opts.createdBy,
        opts.expiresAt,
        opts.rotatedFromId,
      ],
    );
    const record = this.toRecord(rows[0]!);
    await this.db.sharedExecute(
      `INSERT INTO core.api_key_index (key_hash, key_id, studio_id, game_id, game_client_id, platform, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        opts.keyHash,
        record.id,
        record.studioId,
        opts.gameId,
        opts.gameClientId,
        opts.platform,
        record.createdAt,
        opts.expiresAt,
      ],
    );
    return record;
  }

  async listForClient(gameClientId: string): Promise<ApiKeyRecord[]> {
    const rows = await this.db.tenantQuery<KeyRow>(
      `SELECT ${COLUMNS} FROM api_keys WHERE game_client_id = $1 ORDER BY created_at DESC, id DESC`,
      [gameClientId],
    );
    return rows.map((r) => this.toRecord(r));
  }

  async get(
    gameClientId: string,
    keyId: string,
    opts: { forUpdate?: boolean } = {},
  ): Promise<ApiKeyRecord | null> {
    const rows = await this.db.tenantQuery<KeyRow>(
      `SELECT ${COLUMNS} FROM api_keys WHERE game_client_id = $1 AND id = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`,
      [gameClientId, keyId],
    );
    return rows[0] ? this.toRecord(rows[0]) : null;
  }

  async revoke(keyId: string, revokedBy: string): Promise<ApiKeyRecord> {
    const rows = await this.db.tenantQuery<KeyRow>(
      `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()), revoked_by = COALESCE(revoked_by, $2)
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [keyId, revokedBy],
    );
    await this.db.sharedExecute(
      'UPDATE core.api_key_index SET revoked_at = COALESCE(revoked_at, now()) WHERE key_id = $1',
      [keyId],
    );
    return this.toRecord(rows[0]!);
  }

  /** Ends a rotated key's life after the grace period (never extends an earlier expiry). */
  async expireAfterRotation(keyId: string, graceHours: number, replacedById: string): Promise<ApiKeyRecord> {
    const rows = await this.db.tenantQuery<KeyRow>(
      `UPDATE api_keys
          SET expires_at = LEAST(COALESCE(expires_at, 'infinity'::timestamptz), now() + make_interval(hours => $2::int)),
              replaced_by_id = $3
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [keyId, graceHours, replacedById],
    );
    const record = this.toRecord(rows[0]!);
    await this.db.sharedExecute('UPDATE core.api_key_index SET expires_at = $2 WHERE key_id = $1', [
      keyId,
      record.expiresAt,
    ]);
    return record;
  }

  /** Revokes every live key of a game (archiving it); returns their ids. */
  async revokeAllForGame(gameId: string, revokedBy: string): Promise<string[]> {
    const rows = await this.db.tenantQuery<{ id: string }>(
      `UPDATE api_keys SET revoked_at = now(), revoked_by = $2 WHERE game_id = $1 AND revoked_at IS NULL RETURNING id`,
      [gameId, revokedBy],
    );
    await this.db.sharedExecute(
      'UPDATE core.api_key_index SET revoked_at = now() WHERE studio_id = $1 AND game_id = $2 AND revoked_at IS NULL',
      [this.db.currentTenant(), gameId],
    );
    return rows.map((r) => r.id);
  }

  /** Removes a client's keys from the shared index (its tenant rows go by cascade). */
  async deleteIndexForClient(gameClientId: string): Promise<number> {
    return this.db.sharedExecute(
      'DELETE FROM core.api_key_index WHERE studio_id = $1 AND game_client_id = $2',
      [this.db.currentTenant(), gameClientId],
    );
  }

  /** The hot path of validation: one primary-key lookup in the shared index, outside any tenant. */
  async findByHash(keyHash: string): Promise<KeyIndexEntry | null> {
    const rows = await this.db.sharedLookup<{
      key_id: string;
      studio_id: string;
      game_id: string;
      game_client_id: string;
      platform: Platform;
      expires_at: Date | null;
      revoked_at: Date | null;
      signing_required: boolean | null;
      signing_secrets: LiveSigningSecret[] | null;
    }>(
      'core_api_key_lookup_v2',
      `SELECT i.key_id, i.studio_id, i.game_id, i.game_client_id, i.platform, i.expires_at, i.revoked_at,
              s.required AS signing_required, s.secrets AS signing_secrets
         FROM core.api_key_index i
         LEFT JOIN core.client_signing_index s ON s.game_client_id = i.game_client_id
        WHERE i.key_hash = $1`,
      [keyHash],
    );
    const r = rows[0];
    return r
      ? {
          keyId: r.key_id,
          studioId: r.studio_id,
          gameId: r.game_id,
          gameClientId: r.game_client_id,
          platform: r.platform,
          expiresAt: r.expires_at,
          revokedAt: r.revoked_at,
          signing:
            r.signing_required === null
              ? null
              : { required: r.signing_required, secrets: r.signing_secrets ?? [] },
        }
      : null;
  }

  /** Batched last-used update of the shared index (monotonic: never moves backwards). */
  async touchIndex(uses: { keyId: string; at: Date }[]): Promise<void> {
    if (!uses.length) return;
    await this.db.sharedExecute(
      `UPDATE core.api_key_index i SET last_used_at = v.at
         FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, at)
        WHERE i.key_id = v.id AND (i.last_used_at IS NULL OR i.last_used_at < v.at)`,
      [uses.map((u) => u.keyId), uses.map((u) => u.at)],
    );
  }

  /** Batched last-used update of the bound studio's key metadata. */
  async touchMetadata(uses: { keyId: string; at: Date }[]): Promise<void> {
    if (!uses.length) return;
    await this.db.tenantExecute(
      `UPDATE api_keys k SET last_used_at = v.at
         FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, at)
        WHERE k.id = v.id AND (k.last_used_at IS NULL OR k.last_used_at < v.at)`,
      [uses.map((u) => u.keyId), uses.map((u) => u.at)],
    );
  }
}
