import { Injectable } from '@nestjs/common';
import { CoreGateway } from '../downstream/core.gateway';
import { pageSize } from '../graphql/paging';
import type { RequestScope } from '../graphql/request-scope';
import type { AddMemberResult, AuditLogPage, Invitation, Member, Studio } from '../models/core.models';
import type {
  AddStudioMemberInput,
  ChangeMemberRoleInput,
  CreateStudioInput,
  DeleteStudioInput,
  RemoveStudioMemberInput,
  RenameStudioInput,
  RevokeInvitationInput,
} from './studios.inputs';

/** Studios, their members and invitations, and the audit log: all core's, read per request once. */
@Injectable()
export class StudiosService {
  constructor(private readonly core: CoreGateway) {}

  async list(scope: RequestScope): Promise<Studio[]> {
    const studios = await scope.read('core.studios.list', {}, (u) => this.core.listStudios(u));
    for (const s of studios) scope.loaders.prime('core.studios.get', { studioId: s.id }, s);
    return studios;
  }

  get(scope: RequestScope, studioId: string): Promise<Studio> {
    return scope.read('core.studios.get', { studioId }, (u, a) => this.core.getStudio(u, a.studioId));
  }

  members(scope: RequestScope, studioId: string): Promise<Member[]> {
    return scope.read('core.members.list', { studioId }, (u, a) => this.core.listMembers(u, a.studioId));
  }

  invitations(scope: RequestScope, studioId: string): Promise<Invitation[]> {
    return scope.read('core.invitations.list', { studioId }, (u, a) =>
      this.core.listInvitations(u, a.studioId),
    );
  }

  auditLog(scope: RequestScope, studioId: string, first: number, after?: string): Promise<AuditLogPage> {
    return scope.read('core.audit.list', { studioId, first: pageSize(first), after }, (u, a) =>
      this.core.auditLog(u, a.studioId, { limit: a.first, cursor: a.after }),
    );
  }

  create(scope: RequestScope, input: CreateStudioInput): Promise<Studio> {
    return scope.write((u) => this.core.createStudio(u, input.name));
  }

  rename(scope: RequestScope, input: RenameStudioInput): Promise<Studio> {
    return scope.write((u) => this.core.renameStudio(u, input.studioId, input.name));
  }

  async delete(scope: RequestScope, input: DeleteStudioInput): Promise<boolean> {
    await scope.write((u) => this.core.deleteStudio(u, input.studioId, input.force ?? false));
    return true;
  }

  addMember(scope: RequestScope, input: AddStudioMemberInput): Promise<AddMemberResult> {
    return scope.write((u) => this.core.addMember(u, input.studioId, input.email, input.role));
  }

  changeRole(scope: RequestScope, input: ChangeMemberRoleInput): Promise<Member> {
    return scope.write((u) => this.core.changeMemberRole(u, input.studioId, input.userId, input.role));
  }

  async removeMember(scope: RequestScope, input: RemoveStudioMemberInput): Promise<boolean> {
    await scope.write((u) => this.core.removeMember(u, input.studioId, input.userId));
    return true;
  }

  async revokeInvitation(scope: RequestScope, input: RevokeInvitationInput): Promise<boolean> {
    await scope.write((u) => this.core.revokeInvitation(u, input.studioId, input.invitationId));
    return true;
  }
}
