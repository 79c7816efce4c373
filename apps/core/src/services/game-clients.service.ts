import { Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../database/database-errors';
import { ApiKeysRepository } from '../repositories/api-keys.repository';
import { AuditRepository } from '../repositories/audit.repository';
import { GameClientsRepository } from '../repositories/game-clients.repository';
import { SigningSecretsRepository } from '../repositories/signing-secrets.repository';
import type { GameClientDto } from '../dtos/game.dto';
import type { Platform } from '../common/domain';
import { coreErrors } from '../common/errors';
import { AccessService } from './access.service';
import { GamesService } from './games.service';

@Injectable()
export class GameClientsService {
  constructor(
    private readonly access: AccessService,
    private readonly games: GamesService,
    private readonly clients: GameClientsRepository,
    private readonly keys: ApiKeysRepository,
    private readonly signing: SigningSecretsRepository,
    private readonly audit: AuditRepository,
  ) {}

  async create(
    studioId: string,
    userId: string,
    gameId: string,
    name: string,
    platform: Platform,
  ): Promise<GameClientDto> {
    return this.access.asMember(studioId, userId, 'admin', async () => {
      await this.games.requireActive(gameId);
      const client = await this.uniqueName(() => this.clients.insert(gameId, name, platform, userId));
      await this.audit.insert({ kind: 'user', userId }, 'game_client.created', 'game_client', client.id, {
        gameId,
        name,
        platform,
      });
      return client;
    });
  }

  async list(studioId: string, userId: string, gameId: string): Promise<GameClientDto[]> {
    return this.access.asMember(studioId, userId, 'member', async () => {
      await this.games.require(gameId);
      return this.clients.list(gameId);
    });
  }

  async get(studioId: string, userId: string, gameId: string, clientId: string): Promise<GameClientDto> {
    return this.access.asMember(studioId, userId, 'member', () => this.require(gameId, clientId));
  }

  async rename(
    studioId: string,
    userId: string,
    gameId: string,
    clientId: string,
    name: string,
  ): Promise<GameClientDto> {
    return this.access.asMember(studioId, userId, 'admin', async () => {
      const before = await this.require(gameId, clientId);
      if (before.name === name) return before;
      const client = await this.uniqueName(() => this.clients.rename(clientId, name));
      await this.audit.insert({ kind: 'user', userId }, 'game_client.renamed', 'game_client', clientId, {
        gameId,
        from: before.name,
        to: name,
      });
      return client;
    });
  }

  /** Deletes the client, its keys and signing secrets: the keys stop validating at once (ingestion: within its cache time). */
  async delete(studioId: string, userId: string, gameId: string, clientId: string): Promise<void> {
    await this.access.asMember(studioId, userId, 'admin', async () => {
      const client = await this.require(gameId, clientId);
      const removedKeys = await this.keys.deleteIndexForClient(clientId);
      await this.signing.deleteIndexForClient(clientId);
      await this.clients.delete(clientId);
      await this.audit.insert({ kind: 'user', userId }, 'game_client.deleted', 'game_client', clientId, {
        gameId,
        name: client.name,
        removedKeys,
      });
    });
  }

  /** The client of this game in the bound studio, or GAME_NOT_FOUND / GAME_CLIENT_NOT_FOUND. */
  async require(gameId: string, clientId: string): Promise<GameClientDto> {
    await this.games.require(gameId);
    const client = await this.clients.get(gameId, clientId);
    if (!client) throw coreErrors.gameClientNotFound();
    return client;
  }

  private async uniqueName(write: () => Promise<GameClientDto>): Promise<GameClientDto> {
    try {
      return await write();
    } catch (e) {
      if (isUniqueViolation(e, 'game_clients_name_key')) throw coreErrors.gameClientNameTaken();
      throw e;
    }
  }
}
