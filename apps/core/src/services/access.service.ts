import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { MembershipsRepository } from '../repositories/memberships.repository';
import { StudiosRepository } from '../repositories/studios.repository';
import { roleAtLeast, type Role } from '../common/domain';
import { coreErrors } from '../common/errors';

/**
 * Authorization and tenant binding in one step: every studio-scoped operation runs inside the
 * studio's tenant transaction, after the caller's membership and role were read in that same
 * transaction. Not a member: STUDIO_NOT_FOUND (a studio you are not in does not exist for you).
 */
@Injectable()
export class AccessService {
  constructor(
    private readonly db: Database,
    private readonly memberships: MembershipsRepository,
    private readonly studios: StudiosRepository,
  ) {}

  async asMember<T>(
    studioId: string,
    userId: string,
    required: Role,
    fn: (role: Role) => Promise<T>,
  ): Promise<T> {
    return this.db.inTenant(studioId, async () => {
      const role = await this.memberships.findRole(studioId, userId);
      if (!role) throw coreErrors.studioNotFound();
      if (!roleAtLeast(role, required)) throw coreErrors.forbiddenRole(required, role);
      return fn(role);
    });
  }

  /** For internal service routes (alerting): the studio must exist; no user is involved. */
  async asService<T>(studioId: string, fn: () => Promise<T>): Promise<T> {
    return this.db.inTenant(studioId, async () => {
      if ((await this.studios.findNameForShare(studioId)) === null) throw coreErrors.studioNotFound();
      return fn();
    });
  }
}
