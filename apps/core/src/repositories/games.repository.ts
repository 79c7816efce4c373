import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import type { GameDto } from '../dtos/game.dto';
import { iso, isoRequired } from '../common/pagination';

interface GameRow {
  id: string;
  name: string;
  created_at: Date;
  updated_at: Date;
  archived_at: Date | null;
}

const COLUMNS = 'id, name, created_at, updated_at, archived_at';

/** Games of the bound studio (tenant table). */
@Injectable()
export class GamesRepository {
  constructor(private readonly db: Database) {}

  private toGame(r: GameRow): GameDto {
    return {
      id: r.id,
      studioId: this.db.currentTenant()!,
      name: r.name,
      createdAt: isoRequired(r.created_at),
      updatedAt: isoRequired(r.updated_at),
      archivedAt: iso(r.archived_at),
    };
  }

  async insert(name: string, createdBy: string): Promise<GameDto> {
    const rows = await this.db.tenantQuery<GameRow>(
      `INSERT INTO games (name, created_by) VALUES ($1, $2) RETURNING ${COLUMNS}`,
      [name, createdBy],
    );
    return this.toGame(rows[0]!);
  }

  async list(includeArchived: boolean): Promise<GameDto[]> {
    const rows = await this.db.tenantQuery<GameRow>(
      `SELECT ${COLUMNS} FROM games WHERE $1 OR archived_at IS NULL ORDER BY lower(name), id`,
      [includeArchived],
    );
    return rows.map((r) => this.toGame(r));
  }

  async get(id: string, opts: { forUpdate?: boolean } = {}): Promise<GameDto | null> {
    const rows = await this.db.tenantQuery<GameRow>(
      `SELECT ${COLUMNS} FROM games WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? this.toGame(rows[0]) : null;
  }

  async rename(id: string, name: string): Promise<GameDto> {
    const rows = await this.db.tenantQuery<GameRow>(
      `UPDATE games SET name = $2, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, name],
    );
    return this.toGame(rows[0]!);
  }

  async archive(id: string): Promise<GameDto> {
    const rows = await this.db.tenantQuery<GameRow>(
      `UPDATE games SET archived_at = COALESCE(archived_at, now()), updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return this.toGame(rows[0]!);
  }

  async restore(id: string): Promise<GameDto> {
    const rows = await this.db.tenantQuery<GameRow>(
      `UPDATE games SET archived_at = NULL, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return this.toGame(rows[0]!);
  }

  async countActive(): Promise<number> {
    const rows = await this.db.tenantQuery<{ n: string }>(
      'SELECT count(*) AS n FROM games WHERE archived_at IS NULL',
    );
    return Number(rows[0]?.n ?? 0);
  }
}
