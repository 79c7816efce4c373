import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import type { AlertHistoryDto } from '../dtos/alert-history.dto';
import type { DeliveryStatus } from '../common/domain';
import { cursorAtSql, iso, isoRequired, toPage, type Page, type PageCursor } from '../common/pagination';

interface HistoryRow {
  id: string;
  rule_id: string;
  rule_name: string;
  game_id: string;
  fired_at: Date;
  observed_value: string;
  threshold: number;
  firing_key: string;
  delivery_status: DeliveryStatus;
  detail: string | null;
  delivered_at: Date | null;
  created_at: Date;
  updated_at: Date;
  cursor_at: string;
}

const SELECT = `SELECT h.id, h.rule_id, r.name AS rule_name, h.game_id, h.fired_at, h.observed_value, h.threshold, h.firing_key,
                       h.delivery_status, h.detail, h.delivered_at, h.created_at, h.updated_at, ${cursorAtSql('h.fired_at')} AS cursor_at
                  FROM alert_history h JOIN alert_rules r ON r.id = h.rule_id`;

export interface NewAlertRecord {
  ruleId: string;
  gameId: string;
  firedAt: string;
  observedValue: number;
  threshold: number;
  firingKey: string;
  deliveryStatus: DeliveryStatus;
  detail: string | null;
}

/** Fired alerts of the bound studio (tenant table). */
@Injectable()
export class AlertHistoryRepository {
  constructor(private readonly db: Database) {}

  private toEntry(r: HistoryRow): AlertHistoryDto {
    return {
      id: r.id,
      studioId: this.db.currentTenant()!,
      gameId: r.game_id,
      ruleId: r.rule_id,
      ruleName: r.rule_name,
      firedAt: isoRequired(r.fired_at),
      observedValue: Number(r.observed_value),
      threshold: r.threshold,
      firingKey: r.firing_key,
      deliveryStatus: r.delivery_status,
      detail: r.detail,
      deliveredAt: iso(r.delivered_at),
      createdAt: isoRequired(r.created_at),
      updatedAt: isoRequired(r.updated_at),
    };
  }

  /** Inserts unless the firing key exists; either way returns the entry and whether it is new. */
  async insertOnce(rec: NewAlertRecord): Promise<{ entry: AlertHistoryDto; created: boolean }> {
    const inserted = await this.db.tenantQuery<{ id: string }>(
      `INSERT INTO alert_history (rule_id, game_id, fired_at, observed_value, threshold, firing_key, delivery_status, detail, delivered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $7 = 'delivered' THEN now() END)
       ON CONFLICT (firing_key) DO NOTHING RETURNING id`,
      [
        rec.ruleId,
        rec.gameId,
        rec.firedAt,
        rec.observedValue,
        rec.threshold,
        rec.firingKey,
        rec.deliveryStatus,
        rec.detail,
      ],
    );
    const rows = await this.db.tenantQuery<HistoryRow>(`${SELECT} WHERE h.firing_key = $1`, [rec.firingKey]);
    return { entry: this.toEntry(rows[0]!), created: inserted.length > 0 };
  }

  async get(id: string): Promise<AlertHistoryDto | null> {
    const rows = await this.db.tenantQuery<HistoryRow>(`${SELECT} WHERE h.id = $1`, [id]);
    return rows[0] ? this.toEntry(rows[0]) : null;
  }

  async updateDelivery(
    id: string,
    status: DeliveryStatus,
    detail: string | null | undefined,
    deliveredAt: string | null,
  ): Promise<boolean> {
    const n = await this.db.tenantExecute(
      `UPDATE alert_history
          SET delivery_status = $2,
              detail = CASE WHEN $3::boolean THEN $4 ELSE detail END,
              delivered_at = CASE WHEN $2 = 'delivered' THEN COALESCE($5::timestamptz, delivered_at, now()) ELSE delivered_at END,
              updated_at = now()
        WHERE id = $1`,
      [id, status, detail !== undefined, detail ?? null, deliveredAt],
    );
    return n > 0;
  }

  async list(
    filter: { gameId?: string; ruleId?: string },
    cursor: PageCursor | null,
    limit: number,
  ): Promise<Page<AlertHistoryDto>> {
    const rows = await this.db.tenantQuery<HistoryRow>(
      `${SELECT}
        WHERE ($1::uuid IS NULL OR h.game_id = $1)
          AND ($2::uuid IS NULL OR h.rule_id = $2)
          AND ($3::timestamptz IS NULL OR (h.fired_at, h.id) < ($3::timestamptz, $4::uuid))
        ORDER BY h.fired_at DESC, h.id DESC
        LIMIT $5`,
      [filter.gameId ?? null, filter.ruleId ?? null, cursor?.at ?? null, cursor?.id ?? null, limit + 1],
    );
    return toPage(rows, limit, (r) => this.toEntry(r));
  }
}
