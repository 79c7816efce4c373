import { Args, ID, Int, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { EXPECTED_ITEMS, listOf } from '../graphql/complexity';
import { Scope, SignedIn } from '../graphql/context';
import { RequestScope } from '../graphql/request-scope';
import {
  AuthConfig,
  CreatedPersonalAccessToken,
  PersonalAccessToken,
  Studio,
  Viewer,
} from '../models/core.models';
import { StudiosService } from '../studios/studios.service';
import { CreatePersonalAccessTokenInput } from './viewer.inputs';
import { ViewerService } from './viewer.service';

@Resolver(() => Viewer)
export class ViewerResolver {
  constructor(
    private readonly viewers: ViewerService,
    private readonly studioService: StudiosService,
  ) {}

  @Query(() => Viewer, {
    description: 'The signed-in user; UNAUTHENTICATED without a valid session or token.',
  })
  @SignedIn()
  viewer(@Scope() scope: RequestScope): Promise<Viewer> {
    return this.viewers.viewer(scope);
  }

  @Query(() => AuthConfig, { description: 'Public: which sign-in methods this deployment offers.' })
  authConfig(): AuthConfig {
    return this.viewers.authConfig();
  }

  @ResolveField(() => [Studio], { complexity: listOf(EXPECTED_ITEMS.studios) })
  studios(@Scope() scope: RequestScope): Promise<Studio[]> {
    return this.studioService.list(scope);
  }

  @ResolveField(() => [PersonalAccessToken], { complexity: listOf(EXPECTED_ITEMS.personalTokens) })
  personalAccessTokens(@Scope() scope: RequestScope): Promise<PersonalAccessToken[]> {
    return this.viewers.personalTokens(scope);
  }

  @Mutation(() => CreatedPersonalAccessToken, {
    description: 'The secret is in this payload only. Send it as Authorization: Bearer <secret>.',
  })
  @SignedIn()
  createPersonalAccessToken(
    @Scope() scope: RequestScope,
    @Args('input') input: CreatePersonalAccessTokenInput,
  ): Promise<CreatedPersonalAccessToken> {
    return this.viewers.createPersonalToken(scope, input);
  }

  @Mutation(() => Boolean)
  @SignedIn()
  revokePersonalAccessToken(
    @Scope() scope: RequestScope,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<boolean> {
    return this.viewers.revokePersonalToken(scope, id);
  }

  @Mutation(() => Int, { description: "Ends all of the viewer's browser sessions; returns how many." })
  @SignedIn()
  signOutEverywhere(@Scope() scope: RequestScope): Promise<number> {
    return this.viewers.signOutEverywhere(scope);
  }
}
