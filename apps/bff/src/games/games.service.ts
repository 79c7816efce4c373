import { Injectable } from '@nestjs/common';
import { CoreGateway } from '../downstream/core.gateway';
import type { RequestScope } from '../graphql/request-scope';
import type {
  ApiKey,
  CreatedApiKey,
  CreatedSigningSecret,
  Game,
  GameClient,
  RequestSigning,
  RotatedApiKey,
  SigningSecret,
} from '../models/core.models';
import type {
  ApiKeyRefInput,
  CreateApiKeyInput,
  CreateGameClientInput,
  CreateGameInput,
  CreateSigningSecretInput,
  GameClientRefInput,
  GameRefInput,
  RenameGameClientInput,
  RenameGameInput,
  RotateApiKeyInput,
  SetSigningRequiredInput,
  SigningSecretRefInput,
} from './games.inputs';

/** Games, their clients, the clients' API keys and request-signing secrets (core). */
@Injectable()
export class GamesService {
  constructor(private readonly core: CoreGateway) {}

  async list(scope: RequestScope, studioId: string, includeArchived: boolean): Promise<Game[]> {
    const games = await scope.read('core.games.list', { studioId, includeArchived }, (u, a) =>
      this.core.listGames(u, a.studioId, a.includeArchived),
    );
    // `game(id)` after `games` in the same request is answered from the list.
    for (const g of games) scope.loaders.prime('core.games.get', { studioId, gameId: g.id }, g);
    return games;
  }

  get(scope: RequestScope, studioId: string, gameId: string): Promise<Game> {
    return scope.read('core.games.get', { studioId, gameId }, (u, a) =>
      this.core.getGame(u, a.studioId, a.gameId),
    );
  }

  clients(scope: RequestScope, game: Pick<Game, 'studioId' | 'id'>): Promise<GameClient[]> {
    return scope.read('core.clients.list', { studioId: game.studioId, gameId: game.id }, (u, a) =>
      this.core.listClients(u, a.studioId, a.gameId),
    );
  }

  apiKeys(scope: RequestScope, client: Pick<GameClient, 'studioId' | 'gameId' | 'id'>): Promise<ApiKey[]> {
    return scope.read(
      'core.keys.list',
      { studioId: client.studioId, gameId: client.gameId, clientId: client.id },
      (u, a) => this.core.listApiKeys(u, a.studioId, a.gameId, a.clientId),
    );
  }

  signing(
    scope: RequestScope,
    client: Pick<GameClient, 'studioId' | 'gameId' | 'id'>,
  ): Promise<RequestSigning> {
    return scope.read(
      'core.signing.get',
      { studioId: client.studioId, gameId: client.gameId, clientId: client.id },
      (u, a) => this.core.getSigning(u, a),
    );
  }

  create(scope: RequestScope, input: CreateGameInput): Promise<Game> {
    return scope.write((u) => this.core.createGame(u, input.studioId, input.name));
  }

  rename(scope: RequestScope, input: RenameGameInput): Promise<Game> {
    return scope.write((u) => this.core.renameGame(u, input.studioId, input.gameId, input.name));
  }

  archive(scope: RequestScope, input: GameRefInput): Promise<Game> {
    return scope.write((u) => this.core.archiveGame(u, input.studioId, input.gameId));
  }

  restore(scope: RequestScope, input: GameRefInput): Promise<Game> {
    return scope.write((u) => this.core.restoreGame(u, input.studioId, input.gameId));
  }

  createClient(scope: RequestScope, input: CreateGameClientInput): Promise<GameClient> {
    return scope.write((u) =>
      this.core.createClient(u, input.studioId, input.gameId, { name: input.name, platform: input.platform }),
    );
  }

  renameClient(scope: RequestScope, input: RenameGameClientInput): Promise<GameClient> {
    const { studioId, gameId, clientId, name } = input;
    return scope.write((u) => this.core.renameClient(u, { studioId, gameId, clientId }, name));
  }

  async deleteClient(scope: RequestScope, input: GameClientRefInput): Promise<boolean> {
    const { studioId, gameId, clientId } = input;
    await scope.write((u) => this.core.deleteClient(u, { studioId, gameId, clientId }));
    return true;
  }

  createApiKey(scope: RequestScope, input: CreateApiKeyInput): Promise<CreatedApiKey> {
    const { studioId, gameId, clientId, name, expiresAt } = input;
    return scope.write((u) => this.core.createApiKey(u, { studioId, gameId, clientId }, { name, expiresAt }));
  }

  rotateApiKey(scope: RequestScope, input: RotateApiKeyInput): Promise<RotatedApiKey> {
    const { studioId, gameId, clientId, keyId, graceHours } = input;
    return scope.write((u) => this.core.rotateApiKey(u, { studioId, gameId, clientId, keyId }, graceHours));
  }

  revokeApiKey(scope: RequestScope, input: ApiKeyRefInput): Promise<ApiKey> {
    const { studioId, gameId, clientId, keyId } = input;
    return scope.write((u) => this.core.revokeApiKey(u, { studioId, gameId, clientId, keyId }));
  }

  createSigningSecret(scope: RequestScope, input: CreateSigningSecretInput): Promise<CreatedSigningSecret> {
    const { studioId, gameId, clientId, graceHours } = input;
    return scope.write((u) => this.core.createSigningSecret(u, { studioId, gameId, clientId }, graceHours));
  }

  setSigningRequired(scope: RequestScope, input: SetSigningRequiredInput): Promise<RequestSigning> {
    const { studioId, gameId, clientId, required } = input;
    return scope.write((u) => this.core.setSigningRequired(u, { studioId, gameId, clientId }, required));
  }

  revokeSigningSecret(scope: RequestScope, input: SigningSecretRefInput): Promise<SigningSecret> {
    const { studioId, gameId, clientId, secretId } = input;
    return scope.write((u) => this.core.revokeSigningSecret(u, { studioId, gameId, clientId, secretId }));
  }
}
