import { Injectable } from '@nestjs/common';
import { generatePersonalToken, hashSecret, keyDisplayPrefix, parsePersonalToken } from '@gt/api-keys';
import { isForeignKeyViolation } from '../database/database-errors';
import { PersonalTokensRepository } from '../repositories/personal-tokens.repository';
import type {
  CreatedPersonalTokenDto,
  PersonalTokenDto,
  ValidatedPersonalTokenDto,
} from '../dtos/personal-token.dto';
import { coreErrors } from '../common/errors';

/** Personal access tokens of integrators: `gtp_...`, shown once, stored as SHA-256 only. */
@Injectable()
export class PersonalTokensService {
  constructor(private readonly tokens: PersonalTokensRepository) {}

  async create(userId: string, name: string, expiresInDays?: number): Promise<CreatedPersonalTokenDto> {
    const secret = generatePersonalToken();
    try {
      const personalToken = await this.tokens.insert({
        userId,
        name,
        tokenHash: hashSecret(secret),
        displayPrefix: keyDisplayPrefix(secret),
        expiresInDays,
      });
      return { personalToken, secret };
    } catch (e) {
      if (isForeignKeyViolation(e)) throw coreErrors.userUnknown();
      throw e;
    }
  }

  async list(userId: string): Promise<PersonalTokenDto[]> {
    return this.tokens.listLive(userId);
  }

  async revoke(userId: string, tokenId: string): Promise<void> {
    if (!(await this.tokens.revoke(userId, tokenId))) throw coreErrors.personalTokenNotFound();
  }

  async validate(token: string): Promise<ValidatedPersonalTokenDto> {
    if (!parsePersonalToken(token).ok) throw coreErrors.personalTokenInvalid();
    const found = await this.tokens.findLive(hashSecret(token));
    if (!found) throw coreErrors.personalTokenInvalid();
    await this.tokens.touch(found.token.id);
    return { ...found.user, personalToken: { id: found.token.id, name: found.token.name } };
  }
}
