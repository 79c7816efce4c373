import { Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../database/database-errors';
import { AlertRulesRepository } from '../repositories/alert-rules.repository';
import { ApiKeysRepository } from '../repositories/api-keys.repository';
import { AuditRepository } from '../repositories/audit.repository';
import { GamesRepository } from '../repositories/games.repository';
import type { GameDto } from '../dtos/game.dto';
import { coreErrors } from '../common/errors';
import { AccessService } from './access.service';

@Injectable()
export class GamesService {
  constructor(
    private readonly access: AccessService,
    private readonly games: GamesRepository,
    private readonly keys: ApiKeysRepository,
    private readonly alertRules: AlertRulesRepository,
    private readonly audit: AuditRepository,
  ) {}

  async create(studioId: string, userId: string, name: string): Promise<GameDto> {
    return this.access.asMember(studioId, userId, 'admin', async () => {
      const game = await this.uniqueName(() => this.games.insert(name, userId));
      await this.audit.insert({ kind: 'user', userId }, 'game.created', 'game', game.id, { name });
      return game;
    });
  }

  async list(studioId: string, userId: string, includeArchived: boolean): Promise<GameDto[]> {
    return this.access.asMember(studioId, userId, 'member', () => this.games.list(includeArchived));
  }

  async get(studioId: string, userId: string, gameId: string): Promise<GameDto> {
    return this.access.asMember(studioId, userId, 'member', () => this.require(gameId));
  }

  async rename(studioId: string, userId: string, gameId: string, name: string): Promise<GameDto> {
    return this.access.asMember(studioId, userId, 'admin', async () => {
      const before = await this.require(gameId, true);
      if (before.name === name) return before;
      const game = await this.uniqueName(() => this.games.rename(gameId, name));
      // Alerting shows the game's name in emails: move its rules forward in the poll feed.
      await this.alertRules.touchGameRules(gameId);
      await this.alertRules.renameGameInIndex(studioId, gameId, name);
      await this.audit.insert({ kind: 'user', userId }, 'game.renamed', 'game', gameId, {
        from: before.name,
        to: name,
      });
      return game;
    });
  }

  /**
   * Archiving retires a game: its keys are revoked (ingestion stops accepting its events within
   * the key cache time), no new clients, keys or rules can be added, and its data stays readable.
   */
  async archive(studioId: string, userId: string, gameId: string): Promise<GameDto> {
    return this.access.asMember(studioId, userId, 'admin', async () => {
      const before = await this.require(gameId, true);
      if (before.archivedAt) return before;
      const game = await this.games.archive(gameId);
      const revokedKeyIds = await this.keys.revokeAllForGame(gameId, userId);
      await this.audit.insert({ kind: 'user', userId }, 'game.archived', 'game', gameId, {
        name: game.name,
        revokedKeyIds,
      });
      return game;
    });
  }

  /**
   * Brings an archived game back: it takes clients, keys and rules again. The keys revoked by
   * archiving stay revoked (builds that carried them must get new ones): a restore must not
   * silently reopen ingestion to every old build. Idempotent.
   */
  async restore(studioId: string, userId: string, gameId: string): Promise<GameDto> {
    return this.access.asMember(studioId, userId, 'admin', async () => {
      const before = await this.require(gameId, true);
      if (!before.archivedAt) return before;
      const game = await this.games.restore(gameId);
      await this.audit.insert({ kind: 'user', userId }, 'game.restored', 'game', gameId, { name: game.name });
      return game;
    });
  }

  /** The game in the bound studio, or GAME_NOT_FOUND. */
  async require(gameId: string, forUpdate = false): Promise<GameDto> {
    const game = await this.games.get(gameId, { forUpdate });
    if (!game) throw coreErrors.gameNotFound();
    return game;
  }

  async requireActive(gameId: string): Promise<GameDto> {
    const game = await this.require(gameId);
    if (game.archivedAt) throw coreErrors.gameArchived();
    return game;
  }

  private async uniqueName(write: () => Promise<GameDto>): Promise<GameDto> {
    try {
      return await write();
    } catch (e) {
      if (isUniqueViolation(e, 'games_name_key')) throw coreErrors.gameNameTaken();
      throw e;
    }
  }
}
