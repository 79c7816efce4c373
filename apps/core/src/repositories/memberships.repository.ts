import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import type { InvitationDto, MemberDto } from '../dtos/studio.dto';
import type { Role } from '../common/domain';
import { isoRequired } from '../common/pagination';

interface MemberRow {
  user_id: string;
  email: string;
  name: string;
  avatar_url: string | null;
  role: Role;
  created_at: Date;
}

interface InvitationRow {
  id: string;
  studio_id: string;
  email: string;
  role: Role;
  invited_by: string | null;
  created_at: Date;
}

function toMember(r: MemberRow): MemberDto {
  return {
    userId: r.user_id,
    email: r.email,
    name: r.name,
    avatarUrl: r.avatar_url,
    role: r.role,
    joinedAt: isoRequired(r.created_at),
  };
}

function toInvitation(r: InvitationRow): InvitationDto {
  return {
    id: r.id,
    studioId: r.studio_id,
    email: r.email,
    role: r.role,
    invitedBy: r.invited_by,
    createdAt: isoRequired(r.created_at),
  };
}

const MEMBER_SELECT = `SELECT m.user_id, u.email, u.name, u.avatar_url, m.role, m.created_at
                         FROM core.memberships m JOIN core.users u ON u.id = m.user_id`;

/** Memberships and invitations (shared schema): who may act in which studio, and how. */
@Injectable()
export class MembershipsRepository {
  constructor(private readonly db: Database) {}

  /**
   * The caller's role, with a KEY SHARE lock: a concurrent studio deletion (which cascades to
   * this row) waits until the request's transaction ends instead of dropping the schema under it.
   */
  async findRole(studioId: string, userId: string): Promise<Role | null> {
    const rows = await this.db.sharedQuery<{ role: Role }>(
      'SELECT role FROM core.memberships WHERE studio_id = $1 AND user_id = $2 FOR KEY SHARE',
      [studioId, userId],
    );
    return rows[0]?.role ?? null;
  }

  async insert(studioId: string, userId: string, role: Role): Promise<MemberDto | null> {
    const n = await this.db.sharedExecute(
      `INSERT INTO core.memberships (studio_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [studioId, userId, role],
    );
    return n > 0 ? this.get(studioId, userId) : null;
  }

  async list(studioId: string): Promise<MemberDto[]> {
    const rows = await this.db.sharedQuery<MemberRow>(
      `${MEMBER_SELECT} WHERE m.studio_id = $1 ORDER BY m.created_at, m.user_id`,
      [studioId],
    );
    return rows.map(toMember);
  }

  async get(studioId: string, userId: string): Promise<MemberDto | null> {
    const rows = await this.db.sharedQuery<MemberRow>(
      `${MEMBER_SELECT} WHERE m.studio_id = $1 AND m.user_id = $2`,
      [studioId, userId],
    );
    return rows[0] ? toMember(rows[0]) : null;
  }

  /**
   * Locks the studio's owner rows and returns their user ids. Two concurrent demotions of the
   * last two owners serialise here, and the second sees only one owner left. NO KEY UPDATE,
   * not UPDATE: it must not conflict with the KEY SHARE lock every request holds on its own
   * membership (that would deadlock two owners acting on each other).
   */
  async lockOwners(studioId: string): Promise<string[]> {
    const rows = await this.db.sharedQuery<{ user_id: string }>(
      `SELECT user_id FROM core.memberships WHERE studio_id = $1 AND role = 'owner' ORDER BY user_id FOR NO KEY UPDATE`,
      [studioId],
    );
    return rows.map((r) => r.user_id);
  }

  async updateRole(studioId: string, userId: string, role: Role): Promise<void> {
    await this.db.sharedExecute(
      'UPDATE core.memberships SET role = $3, updated_at = now() WHERE studio_id = $1 AND user_id = $2',
      [studioId, userId, role],
    );
  }

  async delete(studioId: string, userId: string): Promise<boolean> {
    return (
      (await this.db.sharedExecute('DELETE FROM core.memberships WHERE studio_id = $1 AND user_id = $2', [
        studioId,
        userId,
      ])) > 0
    );
  }

  async insertInvitation(
    studioId: string,
    email: string,
    role: Role,
    invitedBy: string,
  ): Promise<InvitationDto | null> {
    const rows = await this.db.sharedQuery<InvitationRow>(
      `INSERT INTO core.invitations (studio_id, email, role, invited_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING
       RETURNING id, studio_id, email, role, invited_by, created_at`,
      [studioId, email.toLowerCase(), role, invitedBy],
    );
    return rows[0] ? toInvitation(rows[0]) : null;
  }

  async listInvitations(studioId: string): Promise<InvitationDto[]> {
    const rows = await this.db.sharedQuery<InvitationRow>(
      'SELECT id, studio_id, email, role, invited_by, created_at FROM core.invitations WHERE studio_id = $1 ORDER BY created_at, id',
      [studioId],
    );
    return rows.map(toInvitation);
  }

  async deleteInvitation(studioId: string, invitationId: string): Promise<InvitationDto | null> {
    const rows = await this.db.sharedQuery<InvitationRow>(
      `DELETE FROM core.invitations WHERE studio_id = $1 AND id = $2 RETURNING id, studio_id, email, role, invited_by, created_at`,
      [studioId, invitationId],
    );
    return rows[0] ? toInvitation(rows[0]) : null;
  }

  /** Removes and returns every pending invitation for this email (accepted at sign-in). */
  async takeInvitationsFor(email: string): Promise<(InvitationDto & { studioName: string })[]> {
    const rows = await this.db.sharedQuery<InvitationRow & { studio_name: string }>(
      `DELETE FROM core.invitations i USING core.studios s
        WHERE s.id = i.studio_id AND lower(i.email) = lower($1)
        RETURNING i.id, i.studio_id, i.email, i.role, i.invited_by, i.created_at, s.name AS studio_name`,
      [email],
    );
    return rows.map((r) => ({ ...toInvitation(r), studioName: r.studio_name }));
  }
}
