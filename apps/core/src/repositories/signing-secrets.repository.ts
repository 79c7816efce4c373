import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';

/** A signing secret of a game client, as stored in the studio's schema. */
export interface SigningSecretRecord {
  id: string;
  gameClientId: string;
  secret: string;
  displayPrefix: string;
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/** One live secret as key validation hands it to ingestion. */
export interface LiveSigningSecret {
  id: string;
  secret: string;
  /** ISO time the secret stops verifying (a rotated secret in its grace period), or null. */
  expiresAt: string | null;
}

interface SecretRow {
  id: string;
  game_client_id: string;
  secret: string;
  display_prefix: string;
  created_by: string | null;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
}

const COLUMNS = 'id, game_client_id, secret, display_prefix, created_by, created_at, expires_at, revoked_at';

/** Rows that can still verify a signature: not revoked, not past their expiry. */
const LIVE = 'revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())';

/**
 * Signing secrets live in the studio's schema; `core.client_signing_index` is their projection
 * for key validation (the required flag and the live secrets of each client), rewritten by
 * `syncIndex` in the same transaction as every change.
 */
@Injectable()
export class SigningSecretsRepository {
  constructor(private readonly db: Database) {}

  private toRecord(r: SecretRow): SigningSecretRecord {
    return {
      id: r.id,
      gameClientId: r.game_client_id,
      secret: r.secret,
      displayPrefix: r.display_prefix,
      createdBy: r.created_by,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      revokedAt: r.revoked_at,
    };
  }

  async insert(
    gameClientId: string,
    secret: string,
    displayPrefix: string,
    createdBy: string,
  ): Promise<SigningSecretRecord> {
    const rows = await this.db.tenantQuery<SecretRow>(
      `INSERT INTO signing_secrets (game_client_id, secret, display_prefix, created_by)
       VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [gameClientId, secret, displayPrefix, createdBy],
    );
    return this.toRecord(rows[0]!);
  }

  /** Newest first; revoked and expired ones included (the history a user sees). */
  async listForClient(gameClientId: string): Promise<SigningSecretRecord[]> {
    const rows = await this.db.tenantQuery<SecretRow>(
      `SELECT ${COLUMNS} FROM signing_secrets WHERE game_client_id = $1 ORDER BY created_at DESC, id DESC`,
      [gameClientId],
    );
    return rows.map((r) => this.toRecord(r));
  }

  /** The client's live secrets, newest first, locked for the rest of the transaction. */
  async liveForUpdate(gameClientId: string): Promise<SigningSecretRecord[]> {
    const rows = await this.db.tenantQuery<SecretRow>(
      `SELECT ${COLUMNS} FROM signing_secrets WHERE game_client_id = $1 AND ${LIVE}
        ORDER BY created_at DESC, id DESC FOR UPDATE`,
      [gameClientId],
    );
    return rows.map((r) => this.toRecord(r));
  }

  async get(gameClientId: string, id: string): Promise<SigningSecretRecord | null> {
    const rows = await this.db.tenantQuery<SecretRow>(
      `SELECT ${COLUMNS} FROM signing_secrets WHERE game_client_id = $1 AND id = $2`,
      [gameClientId, id],
    );
    return rows[0] ? this.toRecord(rows[0]) : null;
  }

  /** Ends a secret's life after `graceHours` (0: now); never extends an earlier expiry. */
  async expireIn(id: string, graceHours: number): Promise<SigningSecretRecord> {
    const rows = await this.db.tenantQuery<SecretRow>(
      `UPDATE signing_secrets
          SET expires_at = LEAST(COALESCE(expires_at, 'infinity'::timestamptz), now() + make_interval(hours => $2::int))
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, graceHours],
    );
    return this.toRecord(rows[0]!);
  }

  async revoke(id: string, revokedBy: string): Promise<SigningSecretRecord> {
    const rows = await this.db.tenantQuery<SecretRow>(
      `UPDATE signing_secrets SET revoked_at = COALESCE(revoked_at, now()), revoked_by = COALESCE(revoked_by, $2)
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, revokedBy],
    );
    return this.toRecord(rows[0]!);
  }

  /** Rewrites the client's row of the shared projection from the studio's tables. */
  async syncIndex(gameClientId: string): Promise<void> {
    const studioId = this.db.currentTenant();
    const rows = await this.db.tenantQuery<{ required: boolean; secrets: LiveSigningSecret[] }>(
      `SELECT c.signing_required AS required,
              COALESCE((SELECT jsonb_agg(jsonb_build_object('id', s.id, 'secret', s.secret, 'expiresAt', s.expires_at)
                                         ORDER BY s.created_at DESC, s.id DESC)
                          FROM signing_secrets s WHERE s.game_client_id = c.id AND ${LIVE}), '[]'::jsonb) AS secrets
         FROM game_clients c WHERE c.id = $1`,
      [gameClientId],
    );
    const row = rows[0];
    if (!row) {
      await this.deleteIndexForClient(gameClientId);
      return;
    }
    await this.db.sharedExecute(
      `INSERT INTO core.client_signing_index (game_client_id, studio_id, required, secrets)
       VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (game_client_id) DO UPDATE SET required = EXCLUDED.required, secrets = EXCLUDED.secrets`,
      [gameClientId, studioId, row.required, JSON.stringify(row.secrets)],
    );
  }

  async deleteIndexForClient(gameClientId: string): Promise<void> {
    await this.db.sharedExecute(
      'DELETE FROM core.client_signing_index WHERE studio_id = $1 AND game_client_id = $2',
      [this.db.currentTenant(), gameClientId],
    );
  }
}
