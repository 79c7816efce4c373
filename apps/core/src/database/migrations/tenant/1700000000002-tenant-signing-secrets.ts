import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Request signing per game client (docs/core.md, "Request signing"): whether ingestion
 * requires X-Signature from the client's builds, and the client's signing secrets. The secret
 * itself is stored as issued: verifying an HMAC needs it, and it ships inside game builds anyway.
 */
export class TenantSigningSecrets1700000000002 implements MigrationInterface {
  name = 'TenantSigningSecrets1700000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE game_clients ADD COLUMN signing_required boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE TABLE signing_secrets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        game_client_id uuid NOT NULL REFERENCES game_clients (id) ON DELETE CASCADE,
        secret text NOT NULL,
        display_prefix text NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        revoked_at timestamptz,
        revoked_by uuid
      )`);
    await q.query(`CREATE INDEX signing_secrets_client_idx ON signing_secrets (game_client_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS signing_secrets`);
    await q.query(`ALTER TABLE game_clients DROP COLUMN IF EXISTS signing_required`);
  }
}
