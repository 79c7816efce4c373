import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import type { GameClientDto } from '../dtos/game.dto';
import type { Platform } from '../common/domain';
import { isoRequired } from '../common/pagination';

interface ClientRow {
  id: string;
  game_id: string;
  name: string;
  platform: Platform;
  signing_required: boolean;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, game_id, name, platform, signing_required, created_at, updated_at';

/** Game clients (builds) of the bound studio (tenant table). */
@Injectable()
export class GameClientsRepository {
  constructor(private readonly db: Database) {}

  private toClient(r: ClientRow): GameClientDto {
    return {
      id: r.id,
      studioId: this.db.currentTenant()!,
      gameId: r.game_id,
      name: r.name,
      platform: r.platform,
      signingRequired: r.signing_required,
      createdAt: isoRequired(r.created_at),
      updatedAt: isoRequired(r.updated_at),
    };
  }

  async insert(gameId: string, name: string, platform: Platform, createdBy: string): Promise<GameClientDto> {
    const rows = await this.db.tenantQuery<ClientRow>(
      `INSERT INTO game_clients (game_id, name, platform, created_by) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [gameId, name, platform, createdBy],
    );
    return this.toClient(rows[0]!);
  }

  async list(gameId: string): Promise<GameClientDto[]> {
    const rows = await this.db.tenantQuery<ClientRow>(
      `SELECT ${COLUMNS} FROM game_clients WHERE game_id = $1 ORDER BY lower(name), id`,
      [gameId],
    );
    return rows.map((r) => this.toClient(r));
  }

  async get(gameId: string, id: string): Promise<GameClientDto | null> {
    const rows = await this.db.tenantQuery<ClientRow>(
      `SELECT ${COLUMNS} FROM game_clients WHERE game_id = $1 AND id = $2`,
      [gameId, id],
    );
    return rows[0] ? this.toClient(rows[0]) : null;
  }

  async rename(id: string, name: string): Promise<GameClientDto> {
    const rows = await this.db.tenantQuery<ClientRow>(
      `UPDATE game_clients SET name = $2, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, name],
    );
    return this.toClient(rows[0]!);
  }

  /** Sets whether ingestion requires signed requests from this client's builds. */
  async setSigningRequired(id: string, required: boolean): Promise<GameClientDto> {
    const rows = await this.db.tenantQuery<ClientRow>(
      `UPDATE game_clients SET signing_required = $2, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, required],
    );
    return this.toClient(rows[0]!);
  }

  async delete(id: string): Promise<void> {
    await this.db.tenantExecute('DELETE FROM game_clients WHERE id = $1', [id]);
  }
}
