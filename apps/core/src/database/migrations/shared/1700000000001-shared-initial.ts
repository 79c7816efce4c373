import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The shared schema `core`: identity, the studio registry, memberships and the cross-tenant indexes. */
export class SharedInitial1700000000001 implements MigrationInterface {
  name = 'SharedInitial1700000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE core.users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        google_subject text NOT NULL,
        email text NOT NULL,
        name text NOT NULL,
        avatar_url text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        last_sign_in_at timestamptz,
        CONSTRAINT users_google_subject_key UNIQUE (google_subject)
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON core.users (lower(email))`);

    await q.query(`
      CREATE TABLE core.sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES core.users (id) ON DELETE CASCADE,
        token_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        absolute_expires_at timestamptz NOT NULL,
        user_agent text,
        ip text,
        CONSTRAINT sessions_token_hash_key UNIQUE (token_hash)
      )`);
    await q.query(`CREATE INDEX sessions_user_idx ON core.sessions (user_id)`);
    await q.query(`CREATE INDEX sessions_expires_idx ON core.sessions (expires_at)`);

    await q.query(`
      CREATE TABLE core.personal_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES core.users (id) ON DELETE CASCADE,
        name text NOT NULL,
        token_hash text NOT NULL,
        display_prefix text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        expires_at timestamptz,
        revoked_at timestamptz,
        CONSTRAINT personal_tokens_token_hash_key UNIQUE (token_hash)
      )`);
    await q.query(`CREATE INDEX personal_tokens_user_idx ON core.personal_tokens (user_id)`);

    await q.query(`
      CREATE TABLE core.studios (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        created_by uuid REFERENCES core.users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE core.memberships (
        studio_id uuid NOT NULL REFERENCES core.studios (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES core.users (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (studio_id, user_id)
      )`);
    await q.query(`CREATE INDEX memberships_user_idx ON core.memberships (user_id)`);

    await q.query(`
      CREATE TABLE core.invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        studio_id uuid NOT NULL REFERENCES core.studios (id) ON DELETE CASCADE,
        email text NOT NULL,
        role text NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
        invited_by uuid REFERENCES core.users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX invitations_studio_email_key ON core.invitations (studio_id, lower(email))`,
    );
    await q.query(`CREATE INDEX invitations_email_idx ON core.invitations (lower(email))`);

    // hash -> studio, game, client: the one lookup of key validation (its primary key).
    await q.query(`
      CREATE TABLE core.api_key_index (
        key_hash text PRIMARY KEY,
        key_id uuid NOT NULL,
        studio_id uuid NOT NULL REFERENCES core.studios (id) ON DELETE CASCADE,
        game_id uuid NOT NULL,
        game_client_id uuid NOT NULL,
        platform text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        revoked_at timestamptz,
        last_used_at timestamptz,
        CONSTRAINT api_key_index_key_id_key UNIQUE (key_id)
      )`);
    await q.query(`CREATE INDEX api_key_index_client_idx ON core.api_key_index (game_client_id)`);
    await q.query(`CREATE INDEX api_key_index_game_idx ON core.api_key_index (game_id)`);

    // A projection of every studio's alert rules, written in the same transaction as the
    // tenant row, so alerting polls all tenants with one indexed query. No foreign key to the
    // registry: rows of a deleted studio stay as tombstones (deleted_at) so pollers drop them.
    await q.query(`
      CREATE TABLE core.alert_rule_index (
        rule_id uuid PRIMARY KEY,
        studio_id uuid NOT NULL,
        studio_name text NOT NULL,
        game_id uuid NOT NULL,
        game_name text NOT NULL,
        name text NOT NULL,
        kind text NOT NULL,
        threshold integer NOT NULL,
        event_type text,
        event_name text,
        window_seconds integer,
        cooldown_seconds integer,
        recipients text[] NOT NULL,
        enabled boolean NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        deleted_at timestamptz
      )`);
    await q.query(`CREATE INDEX alert_rule_index_updated_idx ON core.alert_rule_index (updated_at)`);
    await q.query(`CREATE INDEX alert_rule_index_studio_idx ON core.alert_rule_index (studio_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'alert_rule_index',
      'api_key_index',
      'invitations',
      'memberships',
      'studios',
      'personal_tokens',
      'sessions',
      'users',
    ]) {
      await q.query(`DROP TABLE IF EXISTS core.${t}`);
    }
  }
}
