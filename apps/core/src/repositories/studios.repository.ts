import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import type { StudioDto } from '../dtos/studio.dto';
import type { Role } from '../common/domain';
import { isoRequired } from '../common/pagination';

interface StudioRow {
  id: string;
  name: string;
  role: Role;
  created_at: Date;
  updated_at: Date;
}

function toStudio(r: StudioRow): StudioDto {
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    createdAt: isoRequired(r.created_at),
    updatedAt: isoRequired(r.updated_at),
  };
}

/** The studio registry (core.studios) and the lifecycle of each studio's schema. */
@Injectable()
export class StudiosRepository {
  constructor(private readonly db: Database) {}

  /** Registry row and empty schema, in the caller's transaction. */
  async insertWithSchema(
    name: string,
    createdBy: string,
  ): Promise<{ id: string; name: string; createdAt: Date; updatedAt: Date }> {
    const rows = await this.db.sharedQuery<{ id: string; name: string; created_at: Date; updated_at: Date }>(
      'INSERT INTO core.studios (name, created_by) VALUES ($1, $2) RETURNING id, name, created_at, updated_at',
      [name, createdBy],
    );
    const row = rows[0]!;
    await this.db.createTenantSchema(row.id);
    return { id: row.id, name: row.name, createdAt: row.created_at, updatedAt: row.updated_at };
  }

  async listForUser(userId: string): Promise<StudioDto[]> {
    const rows = await this.db.sharedQuery<StudioRow>(
      `SELECT s.id, s.name, m.role, s.created_at, s.updated_at
         FROM core.memberships m JOIN core.studios s ON s.id = m.studio_id
        WHERE m.user_id = $1
        ORDER BY lower(s.name), s.id`,
      [userId],
    );
    return rows.map(toStudio);
  }

  async findForMember(studioId: string, userId: string): Promise<StudioDto | null> {
    const rows = await this.db.sharedQuery<StudioRow>(
      `SELECT s.id, s.name, m.role, s.created_at, s.updated_at
         FROM core.memberships m JOIN core.studios s ON s.id = m.studio_id
        WHERE m.studio_id = $1 AND m.user_id = $2`,
      [studioId, userId],
    );
    return rows[0] ? toStudio(rows[0]) : null;
  }

  async findName(studioId: string): Promise<string | null> {
    const rows = await this.db.sharedQuery<{ name: string }>('SELECT name FROM core.studios WHERE id = $1', [
      studioId,
    ]);
    return rows[0]?.name ?? null;
  }

  /** The studio's name, holding off its deletion until the caller's transaction ends. */
  async findNameForShare(studioId: string): Promise<string | null> {
    const rows = await this.db.sharedQuery<{ name: string }>(
      'SELECT name FROM core.studios WHERE id = $1 FOR KEY SHARE',
      [studioId],
    );
    return rows[0]?.name ?? null;
  }

  async rename(studioId: string, name: string): Promise<void> {
    await this.db.sharedExecute('UPDATE core.studios SET name = $2, updated_at = now() WHERE id = $1', [
      studioId,
      name,
    ]);
  }

  /** Locks the registry row so deletion and concurrent changes serialise. */
  async lock(studioId: string): Promise<boolean> {
    const rows = await this.db.sharedQuery('SELECT id FROM core.studios WHERE id = $1 FOR UPDATE', [
      studioId,
    ]);
    return rows.length > 0;
  }

  /**
   * Removes the registry row (memberships, invitations and key index rows go with it by
   * cascade), then drops the schema, in the caller's transaction: both happen or neither.
   */
  async deleteWithSchema(studioId: string): Promise<void> {
    await this.db.sharedExecute('DELETE FROM core.studios WHERE id = $1', [studioId]);
    await this.db.dropTenantSchema(studioId);
  }
}
