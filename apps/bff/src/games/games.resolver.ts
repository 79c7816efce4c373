import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { EXPECTED_ITEMS, listOf } from '../graphql/complexity';
import { Scope, SignedIn } from '../graphql/context';
import { RequestScope } from '../graphql/request-scope';
import {
  ApiKey,
  CreatedApiKey,
  CreatedSigningSecret,
  Game,
  GameClient,
  RequestSigning,
  RotatedApiKey,
  SigningSecret,
  Studio,
} from '../models/core.models';
import {
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
import { GamesService } from './games.service';

@Resolver(() => Studio)
export class StudioGamesResolver {
  constructor(private readonly service: GamesService) {}

  @ResolveField(() => [Game], { complexity: listOf(EXPECTED_ITEMS.games) })
  games(
    @Scope() scope: RequestScope,
    @Parent() studio: Studio,
    @Args('includeArchived', { defaultValue: false }) includeArchived: boolean,
  ): Promise<Game[]> {
    return this.service.list(scope, studio.id, includeArchived);
  }

  @ResolveField(() => Game, { description: 'One game of this studio; NOT_FOUND otherwise.' })
  game(
    @Scope() scope: RequestScope,
    @Parent() studio: Studio,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Game> {
    return this.service.get(scope, studio.id, id);
  }
}

@Resolver(() => Game)
export class GamesResolver {
  constructor(private readonly service: GamesService) {}

  @Query(() => Game, { description: "A game by id within one of the viewer's studios; NOT_FOUND otherwise." })
  @SignedIn()
  game(
    @Scope() scope: RequestScope,
    @Args('studioId', { type: () => ID }) studioId: string,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Game> {
    return this.service.get(scope, studioId, id);
  }

  @ResolveField(() => [GameClient], { complexity: listOf(EXPECTED_ITEMS.clients) })
  clients(@Scope() scope: RequestScope, @Parent() game: Game): Promise<GameClient[]> {
    return this.service.clients(scope, game);
  }

  @Mutation(() => Game, { description: 'Admins and owners.' })
  @SignedIn()
  createGame(@Scope() scope: RequestScope, @Args('input') input: CreateGameInput): Promise<Game> {
    return this.service.create(scope, input);
  }

  @Mutation(() => Game)
  @SignedIn()
  renameGame(@Scope() scope: RequestScope, @Args('input') input: RenameGameInput): Promise<Game> {
    return this.service.rename(scope, input);
  }

  @Mutation(() => Game, {
    description: 'Archives the game: its API keys are revoked, its data stays readable.',
  })
  @SignedIn()
  archiveGame(@Scope() scope: RequestScope, @Args('input') input: GameRefInput): Promise<Game> {
    return this.service.archive(scope, input);
  }

  @Mutation(() => Game, {
    description:
      'Admins and owners. Restores an archived game: it takes clients, keys and rules again. Keys revoked by archiving stay revoked: create new ones. Idempotent.',
  })
  @SignedIn()
  restoreGame(@Scope() scope: RequestScope, @Args('input') input: GameRefInput): Promise<Game> {
    return this.service.restore(scope, input);
  }

  @Mutation(() => GameClient)
  @SignedIn()
  createGameClient(
    @Scope() scope: RequestScope,
    @Args('input') input: CreateGameClientInput,
  ): Promise<GameClient> {
    return this.service.createClient(scope, input);
  }

  @Mutation(() => GameClient)
  @SignedIn()
  renameGameClient(
    @Scope() scope: RequestScope,
    @Args('input') input: RenameGameClientInput,
  ): Promise<GameClient> {
    return this.service.renameClient(scope, input);
  }

  @Mutation(() => Boolean, {
    description: 'Deletes the client and its API keys; the keys stop working at once.',
  })
  @SignedIn()
  deleteGameClient(@Scope() scope: RequestScope, @Args('input') input: GameClientRefInput): Promise<boolean> {
    return this.service.deleteClient(scope, input);
  }
}

@Resolver(() => GameClient)
export class GameClientsResolver {
  constructor(private readonly service: GamesService) {}

  @ResolveField(() => [ApiKey], { complexity: listOf(EXPECTED_ITEMS.apiKeys) })
  apiKeys(@Scope() scope: RequestScope, @Parent() client: GameClient): Promise<ApiKey[]> {
    return this.service.apiKeys(scope, client);
  }

  @ResolveField(() => RequestSigning, {
    description: 'Request signing: whether it is required and the secrets (metadata only). Members read it.',
  })
  signing(@Scope() scope: RequestScope, @Parent() client: GameClient): Promise<RequestSigning> {
    return this.service.signing(scope, client);
  }

  @Mutation(() => CreatedApiKey, {
    description: 'The secret is in this payload only; it is never shown again.',
  })
  @SignedIn()
  createApiKey(
    @Scope() scope: RequestScope,
    @Args('input') input: CreateApiKeyInput,
  ): Promise<CreatedApiKey> {
    return this.service.createApiKey(scope, input);
  }

  @Mutation(() => RotatedApiKey, {
    description: 'A new key replaces the old one, which keeps working for the grace period.',
  })
  @SignedIn()
  rotateApiKey(
    @Scope() scope: RequestScope,
    @Args('input') input: RotateApiKeyInput,
  ): Promise<RotatedApiKey> {
    return this.service.rotateApiKey(scope, input);
  }

  @Mutation(() => ApiKey, { description: 'The key stops working within the ingestion cache time.' })
  @SignedIn()
  revokeApiKey(@Scope() scope: RequestScope, @Args('input') input: ApiKeyRefInput): Promise<ApiKey> {
    return this.service.revokeApiKey(scope, input);
  }

  @Mutation(() => CreatedSigningSecret, {
    description:
      'Admins and owners. A new signing secret, in this payload only. The current one keeps verifying for the grace period (rotation); any older live one ends now, so at most two are ACTIVE.',
  })
  @SignedIn()
  createSigningSecret(
    @Scope() scope: RequestScope,
    @Args('input') input: CreateSigningSecretInput,
  ): Promise<CreatedSigningSecret> {
    return this.service.createSigningSecret(scope, input);
  }

  @Mutation(() => RequestSigning, {
    description:
      'Admins and owners. Require signed requests from this client, or stop. Requiring without an ACTIVE secret is BAD_USER_INPUT (reason SIGNING_SECRET_REQUIRED). Reaches ingestion within its key cache time.',
  })
  @SignedIn()
  setSigningRequired(
    @Scope() scope: RequestScope,
    @Args('input') input: SetSigningRequiredInput,
  ): Promise<RequestSigning> {
    return this.service.setSigningRequired(scope, input);
  }

  @Mutation(() => SigningSecret, {
    description:
      'Admins and owners. The secret stops verifying within the ingestion cache time; idempotent. The last ACTIVE secret of a client that requires signing cannot be revoked (BAD_USER_INPUT, reason SIGNING_LAST_SECRET).',
  })
  @SignedIn()
  revokeSigningSecret(
    @Scope() scope: RequestScope,
    @Args('input') input: SigningSecretRefInput,
  ): Promise<SigningSecret> {
    return this.service.revokeSigningSecret(scope, input);
  }
}
