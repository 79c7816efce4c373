import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { EXPECTED_ITEMS, listOf, pageOf } from '../graphql/complexity';
import { Scope, SignedIn } from '../graphql/context';
import { RequestScope } from '../graphql/request-scope';
import { AddMemberResult, AuditLogPage, Invitation, Member, Studio } from '../models/core.models';
import {
  AddStudioMemberInput,
  ChangeMemberRoleInput,
  CreateStudioInput,
  DeleteStudioInput,
  RemoveStudioMemberInput,
  RenameStudioInput,
  RevokeInvitationInput,
} from './studios.inputs';
import { StudiosService } from './studios.service';

const PAGE = { type: () => Int, nullable: true, defaultValue: 50, description: 'Page size, 1 to 100' };

@Resolver(() => Studio)
export class StudiosResolver {
  constructor(private readonly studios: StudiosService) {}

  @Query(() => Studio, { description: 'One studio of the viewer; NOT_FOUND for any other id.' })
  @SignedIn()
  studio(@Scope() scope: RequestScope, @Args('id', { type: () => ID }) id: string): Promise<Studio> {
    return this.studios.get(scope, id);
  }

  @ResolveField(() => [Member], { complexity: listOf(EXPECTED_ITEMS.members) })
  members(@Scope() scope: RequestScope, @Parent() studio: Studio): Promise<Member[]> {
    return this.studios.members(scope, studio.id);
  }

  @ResolveField(() => [Invitation], {
    complexity: listOf(EXPECTED_ITEMS.invitations),
    description: 'Pending invitations (owners only; FORBIDDEN otherwise)',
  })
  invitations(@Scope() scope: RequestScope, @Parent() studio: Studio): Promise<Invitation[]> {
    return this.studios.invitations(scope, studio.id);
  }

  @ResolveField(() => AuditLogPage, { complexity: pageOf(50), description: 'Newest first' })
  auditLog(
    @Scope() scope: RequestScope,
    @Parent() studio: Studio,
    @Args('first', PAGE) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<AuditLogPage> {
    return this.studios.auditLog(scope, studio.id, first, after);
  }

  @Mutation(() => Studio, { description: 'Creates a studio with the viewer as its owner.' })
  @SignedIn()
  createStudio(@Scope() scope: RequestScope, @Args('input') input: CreateStudioInput): Promise<Studio> {
    return this.studios.create(scope, input);
  }

  @Mutation(() => Studio)
  @SignedIn()
  renameStudio(@Scope() scope: RequestScope, @Args('input') input: RenameStudioInput): Promise<Studio> {
    return this.studios.rename(scope, input);
  }

  @Mutation(() => Boolean, {
    description: 'Owners only. Refused while active games remain unless force is set.',
  })
  @SignedIn()
  deleteStudio(@Scope() scope: RequestScope, @Args('input') input: DeleteStudioInput): Promise<boolean> {
    return this.studios.delete(scope, input);
  }

  @Mutation(() => AddMemberResult, {
    description:
      'Adds a user by email; an email without an account gets an invitation accepted on first sign-in.',
  })
  @SignedIn()
  addStudioMember(
    @Scope() scope: RequestScope,
    @Args('input') input: AddStudioMemberInput,
  ): Promise<AddMemberResult> {
    return this.studios.addMember(scope, input);
  }

  @Mutation(() => Member)
  @SignedIn()
  changeMemberRole(
    @Scope() scope: RequestScope,
    @Args('input') input: ChangeMemberRoleInput,
  ): Promise<Member> {
    return this.studios.changeRole(scope, input);
  }

  @Mutation(() => Boolean, {
    description: 'Owners remove anyone but the last owner; members may remove themselves (leave).',
  })
  @SignedIn()
  removeStudioMember(
    @Scope() scope: RequestScope,
    @Args('input') input: RemoveStudioMemberInput,
  ): Promise<boolean> {
    return this.studios.removeMember(scope, input);
  }

  @Mutation(() => Boolean)
  @SignedIn()
  revokeInvitation(
    @Scope() scope: RequestScope,
    @Args('input') input: RevokeInvitationInput,
  ): Promise<boolean> {
    return this.studios.revokeInvitation(scope, input);
  }
}
