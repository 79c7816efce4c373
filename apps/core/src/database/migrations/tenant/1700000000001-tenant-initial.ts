import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables of one studio. Runs with search_path set to the studio's schema, so every name
 * here is unqualified and lands in that schema.
 */
export class TenantInitial1700000000001 implements MigrationInterface {
  name = 'TenantInitial1700000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE games (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        archived_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX games_name_key ON games (lower(name))`);

    await q.query(`
      CREATE TABLE game_clients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        game_id uuid NOT NULL REFERENCES games (id) ON DELETE CASCADE,
        name text NOT NULL,
        platform text NOT NULL CHECK (platform IN ('unity', 'unreal', 'web', 'node', 'other')),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX game_clients_name_key ON game_clients (game_id, lower(name))`);

    // Key metadata; the hash lives only in core.api_key_index.
    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        game_id uuid NOT NULL REFERENCES games (id) ON DELETE CASCADE,
        game_client_id uuid NOT NULL REFERENCES game_clients (id) ON DELETE CASCADE,
        name text NOT NULL,
        display_prefix text NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        expires_at timestamptz,
        revoked_at timestamptz,
        revoked_by uuid,
        rotated_from_id uuid REFERENCES api_keys (id) ON DELETE SET NULL,
        replaced_by_id uuid REFERENCES api_keys (id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX api_keys_client_idx ON api_keys (game_client_id)`);

    await q.query(`
      CREATE TABLE alert_rules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        game_id uuid NOT NULL REFERENCES games (id) ON DELETE CASCADE,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('players_reached', 'event_count')),
        threshold integer NOT NULL CHECK (threshold >= 1),
        event_type text,
        event_name text,
        window_seconds integer,
        cooldown_seconds integer,
        recipients text[] NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await q.query(
      `CREATE UNIQUE INDEX alert_rules_name_key ON alert_rules (game_id, lower(name)) WHERE deleted_at IS NULL`,
    );
    await q.query(`CREATE INDEX alert_rules_game_idx ON alert_rules (game_id)`);

    await q.query(`
      CREATE TABLE alert_history (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        rule_id uuid NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
        game_id uuid NOT NULL,
        fired_at timestamptz NOT NULL,
        observed_value bigint NOT NULL,
        threshold integer NOT NULL,
        firing_key text NOT NULL,
        delivery_status text NOT NULL CHECK (delivery_status IN ('pending', 'delivered', 'failed')),
        detail text,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT alert_history_firing_key_key UNIQUE (firing_key)
      )`);
    await q.query(`CREATE INDEX alert_history_fired_idx ON alert_history (fired_at DESC, id DESC)`);

    // clock_timestamp(), not now(): several entries of one transaction keep their order.
    await q.query(`
      CREATE TABLE audit_log (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_user_id uuid,
        actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'service')),
        action text NOT NULL,
        target_type text NOT NULL,
        target_id text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(`CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['audit_log', 'alert_history', 'alert_rules', 'api_keys', 'game_clients', 'games']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
