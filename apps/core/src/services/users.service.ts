import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { isUniqueViolation } from '../database/database-errors';
import { UsersRepository, type GoogleProfile } from '../repositories/users.repository';
import type { UpsertGoogleUserResultDto, UserDto } from '../dtos/user.dto';
import { coreErrors } from '../common/errors';
import { MembersService } from './members.service';

@Injectable()
export class UsersService {
  constructor(
    private readonly db: Database,
    private readonly users: UsersRepository,
    private readonly members: MembersService,
  ) {}

  /**
   * Sign-in from a verified Google profile (or the BFF's dev sign-in with a synthetic subject).
   * Matches by subject, else links an existing account with the same email (Google verified
   * it), else creates the user; then accepts pending invitations to that email. One transaction.
   */
  async upsertFromGoogle(profile: GoogleProfile): Promise<UpsertGoogleUserResultDto> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction(async () => {
          const existing = await this.users.lockForSignIn(profile.googleSubject, profile.email);
          const user = existing
            ? await this.users.updateFromSignIn(existing.id, profile)
            : await this.users.insert(profile);
          const acceptedInvitations = await this.members.acceptInvitations(user);
          return { ...user, created: !existing, acceptedInvitations };
        });
      } catch (e) {
        // Two first sign-ins racing: the loser retries once and finds the winner's row. A
        // second conflict means the email belongs to a different account.
        if (isUniqueViolation(e) && attempt < 2) continue;
        if (isUniqueViolation(e)) throw coreErrors.emailTaken();
        throw e;
      }
    }
  }

  async me(userId: string): Promise<UserDto> {
    const user = await this.users.findById(userId);
    if (!user) throw coreErrors.userUnknown();
    return user;
  }
}
