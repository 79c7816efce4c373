import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import type { AuditEntryDto } from '../dtos/audit.dto';
import type { Actor } from '../common/domain';
import { cursorAtSql, isoRequired, toPage, type Page, type PageCursor } from '../common/pagination';

interface AuditRow {
  id: string;
  at: Date;
  actor_kind: 'user' | 'service';
  actor_user_id: string | null;
  actor_email: string | null;
  action: string;
  target_type: string;
  target_id: string;
  details: Record<string, unknown>;
  cursor_at: string;
}

/** The studio's audit log (tenant table), written in the same transaction as each change. */
@Injectable()
export class AuditRepository {
  constructor(private readonly db: Database) {}

  async insert(
    actor: Actor,
    action: string,
    targetType: string,
    targetId: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.db.tenantExecute(
      `INSERT INTO audit_log (actor_kind, actor_user_id, action, target_type, target_id, details) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        actor.kind,
        actor.kind === 'user' ? actor.userId : null,
        action,
        targetType,
        targetId,
        JSON.stringify(actor.kind === 'service' ? { ...details, service: actor.service } : details),
      ],
    );
  }

  async list(cursor: PageCursor | null, limit: number): Promise<Page<AuditEntryDto>> {
    const rows = await this.db.tenantQuery<AuditRow>(
      `SELECT a.id, a.at, a.actor_kind, a.actor_user_id, u.email AS actor_email, a.action, a.target_type, a.target_id, a.details,
              ${cursorAtSql('a.at')} AS cursor_at
         FROM audit_log a LEFT JOIN core.users u ON u.id = a.actor_user_id
        WHERE ($1::timestamptz IS NULL OR (a.at, a.id) < ($1::timestamptz, $2::uuid))
        ORDER BY a.at DESC, a.id DESC
        LIMIT $3`,
      [cursor?.at ?? null, cursor?.id ?? null, limit + 1],
    );
    return toPage(rows, limit, (r) => ({
      id: r.id,
      at: isoRequired(r.at),
      actorKind: r.actor_kind,
      actorUserId: r.actor_user_id,
      actorEmail: r.actor_email,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      details: r.details,
    }));
  }
}
