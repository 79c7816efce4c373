import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import type { AlertRuleDto, InternalAlertRuleDto } from '../dtos/alert-rule.dto';
import type { AlertEventType, AlertRuleKind } from '../common/domain';
import { iso, isoRequired } from '../common/pagination';

export interface AlertRuleFields {
  name: string;
  kind: AlertRuleKind;
  threshold: number;
  eventType: AlertEventType | null;
  eventName: string | null;
  windowSeconds: number | null;
  cooldownSeconds: number | null;
  recipients: string[];
  enabled: boolean;
}

interface RuleRow {
  id: string;
  game_id: string;
  name: string;
  kind: AlertRuleKind;
  threshold: number;
  event_type: AlertEventType | null;
  event_name: string | null;
  window_seconds: number | null;
  cooldown_seconds: number | null;
  recipients: string[];
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

interface IndexRow extends Omit<RuleRow, 'id'> {
  rule_id: string;
  studio_id: string;
  studio_name: string;
  game_name: string;
}

const COLUMNS =
  'id, game_id, name, kind, threshold, event_type, event_name, window_seconds, cooldown_seconds, recipients, enabled, created_at, updated_at, deleted_at';

/**
 * How far the alert-rule feed's watermark trails the clock. A rule's updated_at is its
 * transaction's start time, and a transaction can commit a little after a poll has read past
 * that time; serverTime = now - lag makes the next poll look back far enough to see it.
 * Pollers therefore receive recent changes more than once, which is harmless (they upsert).
 */
export const FEED_WATERMARK_LAG_SECONDS = 10;

/**
 * Alert rules: the studio's table is the source of truth; core.alert_rule_index is its
 * projection across all studios, written in the same transaction, so alerting polls every
 * tenant with one indexed query (docs/core.md, "Alert rules across tenants").
 */
@Injectable()
export class AlertRulesRepository {
  constructor(private readonly db: Database) {}

  private toRule(r: RuleRow): AlertRuleDto {
    return {
      id: r.id,
      studioId: this.db.currentTenant()!,
      gameId: r.game_id,
      name: r.name,
      kind: r.kind,
      threshold: r.threshold,
      eventType: r.event_type,
      eventName: r.event_name,
      windowSeconds: r.window_seconds,
      cooldownSeconds: r.cooldown_seconds,
      recipients: r.recipients,
      enabled: r.enabled,
      createdAt: isoRequired(r.created_at),
      updatedAt: isoRequired(r.updated_at),
      deletedAt: iso(r.deleted_at),
    };
  }

  async insert(gameId: string, f: AlertRuleFields, createdBy: string): Promise<AlertRuleDto> {
    const rows = await this.db.tenantQuery<RuleRow>(
      `INSERT INTO alert_rules (game_id, name, kind, threshold, event_type, event_name, window_seconds, cooldown_seconds, recipients, enabled, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${COLUMNS}`,
      [
        gameId,
        f.name,
        f.kind,
        f.threshold,
        f.eventType,
        f.eventName,
        f.windowSeconds,
        f.cooldownSeconds,
        f.recipients,
        f.enabled,
        createdBy,
      ],
    );
    return this.toRule(rows[0]!);
  }

  async list(gameId: string): Promise<AlertRuleDto[]> {
    const rows = await this.db.tenantQuery<RuleRow>(
      `SELECT ${COLUMNS} FROM alert_rules WHERE game_id = $1 AND deleted_at IS NULL ORDER BY lower(name), id`,
      [gameId],
    );
    return rows.map((r) => this.toRule(r));
  }

  async get(gameId: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<AlertRuleDto | null> {
    const rows = await this.db.tenantQuery<RuleRow>(
      `SELECT ${COLUMNS} FROM alert_rules WHERE game_id = $1 AND id = $2 AND deleted_at IS NULL${opts.forUpdate ? ' FOR UPDATE' : ''}`,
      [gameId, id],
    );
    return rows[0] ? this.toRule(rows[0]) : null;
  }

  /** Any rule of the studio by id, deleted ones included (alert history may outlive a rule). */
  async findAnyById(id: string): Promise<AlertRuleDto | null> {
    const rows = await this.db.tenantQuery<RuleRow>(`SELECT ${COLUMNS} FROM alert_rules WHERE id = $1`, [id]);
    return rows[0] ? this.toRule(rows[0]) : null;
  }

  async update(id: string, f: AlertRuleFields): Promise<AlertRuleDto> {
    const rows = await this.db.tenantQuery<RuleRow>(
      `UPDATE alert_rules
          SET name = $2, kind = $3, threshold = $4, event_type = $5, event_name = $6, window_seconds = $7,
              cooldown_seconds = $8, recipients = $9, enabled = $10, updated_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [
        id,
        f.name,
        f.kind,
        f.threshold,
        f.eventType,
        f.eventName,
        f.windowSeconds,
        f.cooldownSeconds,
        f.recipients,
        f.enabled,
      ],
    );
    return this.toRule(rows[0]!);
  }

  async softDelete(id: string): Promise<AlertRuleDto> {
    const rows = await this.db.tenantQuery<RuleRow>(
      `UPDATE alert_rules SET deleted_at = now(), enabled = false, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return this.toRule(rows[0]!);
  }

  /** Bumps updated_at of a game's rules (its name changed), so pollers pick up the new name. */
  async touchGameRules(gameId: string): Promise<void> {
    await this.db.tenantExecute(
      'UPDATE alert_rules SET updated_at = now() WHERE game_id = $1 AND deleted_at IS NULL',
      [gameId],
    );
  }

  /** Writes the rule's projection into the shared index (same transaction as the tenant row). */
  async syncIndex(rule: AlertRuleDto, studioName: string, gameName: string): Promise<void> {
    await this.db.sharedExecute(
      `INSERT INTO core.alert_rule_index
         (rule_id, studio_id, studio_name, game_id, game_name, name, kind, threshold, event_type, event_name,
          window_seconds, cooldown_seconds, recipients, enabled, created_at, updated_at, deleted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, now(), $16)
       ON CONFLICT (rule_id) DO UPDATE SET
         studio_name = EXCLUDED.studio_name, game_name = EXCLUDED.game_name, name = EXCLUDED.name, kind = EXCLUDED.kind,
         threshold = EXCLUDED.threshold, event_type = EXCLUDED.event_type, event_name = EXCLUDED.event_name,
         window_seconds = EXCLUDED.window_seconds, cooldown_seconds = EXCLUDED.cooldown_seconds,
         recipients = EXCLUDED.recipients, enabled = EXCLUDED.enabled, updated_at = now(), deleted_at = EXCLUDED.deleted_at`,
      [
        rule.id,
        rule.studioId,
        studioName,
        rule.gameId,
        gameName,
        rule.name,
        rule.kind,
        rule.threshold,
        rule.eventType,
        rule.eventName,
        rule.windowSeconds,
        rule.cooldownSeconds,
        rule.recipients,
        rule.enabled,
        rule.createdAt,
        rule.deletedAt,
      ],
    );
  }

  async renameGameInIndex(studioId: string, gameId: string, gameName: string): Promise<void> {
    await this.db.sharedExecute(
      'UPDATE core.alert_rule_index SET game_name = $3, updated_at = now() WHERE studio_id = $1 AND game_id = $2 AND deleted_at IS NULL',
      [studioId, gameId, gameName],
    );
  }

  async renameStudioInIndex(studioId: string, studioName: string): Promise<void> {
    await this.db.sharedExecute(
      'UPDATE core.alert_rule_index SET studio_name = $2, updated_at = now() WHERE studio_id = $1 AND deleted_at IS NULL',
      [studioId, studioName],
    );
  }

  /** A deleted studio's rules stay in the index as tombstones, so pollers learn to drop them. */
  async tombstoneStudio(studioId: string): Promise<void> {
    await this.db.sharedExecute(
      'UPDATE core.alert_rule_index SET enabled = false, deleted_at = now(), updated_at = now() WHERE studio_id = $1 AND deleted_at IS NULL',
      [studioId],
    );
  }

  /** All live rules, or every rule changed after `since` (deleted and disabled included). */
  async feed(since: string | null): Promise<{ rules: InternalAlertRuleDto[]; serverTime: string }> {
    const clock = await this.db.sharedQuery<{ watermark: Date }>(
      `SELECT now() - make_interval(secs => $1::int) AS watermark`,
      [FEED_WATERMARK_LAG_SECONDS],
    );
    const rows = await this.db.sharedQuery<IndexRow>(
      since === null
        ? `SELECT * FROM core.alert_rule_index WHERE deleted_at IS NULL ORDER BY updated_at, rule_id`
        : `SELECT * FROM core.alert_rule_index WHERE updated_at > $1 ORDER BY updated_at, rule_id`,
      since === null ? [] : [since],
    );
    return {
      serverTime: isoRequired(clock[0]!.watermark),
      rules: rows.map((r) => ({
        id: r.rule_id,
        studioId: r.studio_id,
        studioName: r.studio_name,
        gameId: r.game_id,
        gameName: r.game_name,
        name: r.name,
        kind: r.kind,
        threshold: r.threshold,
        eventType: r.event_type,
        eventName: r.event_name,
        windowSeconds: r.window_seconds,
        cooldownSeconds: r.cooldown_seconds,
        recipients: r.recipients,
        enabled: r.enabled,
        createdAt: isoRequired(r.created_at),
        updatedAt: isoRequired(r.updated_at),
        deletedAt: iso(r.deleted_at),
      })),
    };
  }
}
