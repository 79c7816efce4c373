import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The signing projection key validation reads beside core.api_key_index: per game client,
 * whether signatures are required and its live secrets ([{ id, secret, expiresAt }]). Rewritten
 * from the studio's tables in the same transaction as every change to them.
 */
export class SharedSigningIndex1700000000002 implements MigrationInterface {
  name = 'SharedSigningIndex1700000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE core.client_signing_index (
        game_client_id uuid PRIMARY KEY,
        studio_id uuid NOT NULL REFERENCES core.studios (id) ON DELETE CASCADE,
        required boolean NOT NULL,
        secrets jsonb NOT NULL DEFAULT '[]'::jsonb
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS core.client_signing_index`);
  }
}
