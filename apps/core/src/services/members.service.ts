import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { AuditRepository } from '../repositories/audit.repository';
import { MembershipsRepository } from '../repositories/memberships.repository';
import { UsersRepository } from '../repositories/users.repository';
import type { AcceptedInvitationDto, UserDto } from '../dtos/user.dto';
import type { AddMemberResultDto, InvitationDto, MemberDto } from '../dtos/studio.dto';
import { roleAtLeast, type Role } from '../common/domain';
import { coreErrors } from '../common/errors';
import { AccessService } from './access.service';

@Injectable()
export class MembersService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly memberships: MembershipsRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditRepository,
  ) {}

  async list(studioId: string, userId: string): Promise<MemberDto[]> {
    return this.access.asMember(studioId, userId, 'member', () => this.memberships.list(studioId));
  }

  async listInvitations(studioId: string, userId: string): Promise<InvitationDto[]> {
    return this.access.asMember(studioId, userId, 'member', () => this.memberships.listInvitations(studioId));
  }

  /** A signed-up user becomes a member now; anyone else gets an invitation accepted at first sign-in. */
  async add(studioId: string, actorId: string, email: string, role: Role): Promise<AddMemberResultDto> {
    return this.access.asMember(studioId, actorId, 'owner', async () => {
      const actor = { kind: 'user' as const, userId: actorId };
      const user = await this.users.findByEmail(email);
      if (user) {
        const member = await this.memberships.insert(studioId, user.id, role);
        if (!member) throw coreErrors.alreadyMember();
        await this.audit.insert(actor, 'member.added', 'member', user.id, { email: user.email, role });
        return { status: 'member', member };
      }
      const invitation = await this.memberships.insertInvitation(studioId, email, role, actorId);
      if (!invitation) throw coreErrors.alreadyInvited();
      await this.audit.insert(actor, 'member.invited', 'invitation', invitation.id, {
        email: invitation.email,
        role,
      });
      return { status: 'invited', invitation };
    });
  }

  async changeRole(studioId: string, actorId: string, targetUserId: string, role: Role): Promise<MemberDto> {
    return this.access.asMember(studioId, actorId, 'owner', async () => {
      const target = await this.memberships.get(studioId, targetUserId);
      if (!target) throw coreErrors.memberNotFound();
      if (target.role === role) return target;
      if (target.role === 'owner') await this.ensureAnotherOwner(studioId, targetUserId);
      await this.memberships.updateRole(studioId, targetUserId, role);
      await this.audit.insert(
        { kind: 'user', userId: actorId },
        'member.role_changed',
        'member',
        targetUserId,
        {
          email: target.email,
          from: target.role,
          to: role,
        },
      );
      return (await this.memberships.get(studioId, targetUserId))!;
    });
  }

  /** Owners remove anyone; every member may remove themselves (leave). The last owner stays. */
  async remove(studioId: string, actorId: string, targetUserId: string): Promise<void> {
    await this.access.asMember(studioId, actorId, 'member', async (actorRole) => {
      const leaving = targetUserId === actorId;
      if (!leaving && !roleAtLeast(actorRole, 'owner')) throw coreErrors.forbiddenRole('owner', actorRole);
      const target = await this.memberships.get(studioId, targetUserId);
      if (!target) throw coreErrors.memberNotFound();
      if (target.role === 'owner') await this.ensureAnotherOwner(studioId, targetUserId);
      await this.memberships.delete(studioId, targetUserId);
      await this.audit.insert(
        { kind: 'user', userId: actorId },
        leaving ? 'member.left' : 'member.removed',
        'member',
        targetUserId,
        {
          email: target.email,
          role: target.role,
        },
      );
    });
  }

  async revokeInvitation(studioId: string, actorId: string, invitationId: string): Promise<void> {
    await this.access.asMember(studioId, actorId, 'owner', async () => {
      const invitation = await this.memberships.deleteInvitation(studioId, invitationId);
      if (!invitation) throw coreErrors.invitationNotFound();
      await this.audit.insert(
        { kind: 'user', userId: actorId },
        'invitation.revoked',
        'invitation',
        invitationId,
        {
          email: invitation.email,
        },
      );
    });
  }

  /** Called inside the sign-in transaction: turns pending invitations to this email into memberships. */
  async acceptInvitations(user: UserDto): Promise<AcceptedInvitationDto[]> {
    const invitations = await this.memberships.takeInvitationsFor(user.email);
    const accepted: AcceptedInvitationDto[] = [];
    for (const inv of invitations) {
      const member = await this.memberships.insert(inv.studioId, user.id, inv.role);
      if (!member) continue; // already a member by another path: the invitation is simply used up
      await this.db.inTenant(inv.studioId, () =>
        this.audit.insert({ kind: 'user', userId: user.id }, 'member.joined', 'member', user.id, {
          email: user.email,
          role: inv.role,
          invitationId: inv.id,
        }),
      );
      accepted.push({ studioId: inv.studioId, studioName: inv.studioName, role: inv.role });
    }
    return accepted;
  }

  private async ensureAnotherOwner(studioId: string, ownerUserId: string): Promise<void> {
    const owners = await this.memberships.lockOwners(studioId);
    if (!owners.some((id) => id !== ownerUserId)) throw coreErrors.lastOwner();
  }
}
