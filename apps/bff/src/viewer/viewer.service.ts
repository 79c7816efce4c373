import { Inject, Injectable } from '@nestjs/common';
import { BFF_CONFIG, type BffConfig } from '../config';
import { CoreGateway } from '../downstream/core.gateway';
import type { RequestScope } from '../graphql/request-scope';
import type {
  AuthConfig,
  CreatedPersonalAccessToken,
  PersonalAccessToken,
  Viewer,
} from '../models/core.models';
import type { CreatePersonalAccessTokenInput } from './viewer.inputs';

/** The caller themselves: who they are, their personal access tokens, their sessions. */
@Injectable()
export class ViewerService {
  constructor(
    private readonly core: CoreGateway,
    @Inject(BFF_CONFIG) private readonly config: BffConfig,
  ) {}

  async viewer(scope: RequestScope): Promise<Viewer> {
    const { user, method } = await scope.requireUser();
    return { ...user, authMethod: method };
  }

  authConfig(): AuthConfig {
    return {
      googleEnabled: this.config.googleEnabled,
      devLoginEnabled: this.config.DEV_LOGIN_ENABLED,
      googleLoginUrl: '/auth/google',
      devLoginUrl: '/auth/dev',
      logoutUrl: '/auth/logout',
    };
  }

  personalTokens(scope: RequestScope): Promise<PersonalAccessToken[]> {
    return scope.read('core.personal-tokens.list', {}, (u) => this.core.listPersonalTokens(u));
  }

  createPersonalToken(
    scope: RequestScope,
    input: CreatePersonalAccessTokenInput,
  ): Promise<CreatedPersonalAccessToken> {
    return scope.write((u) =>
      this.core.createPersonalToken(u, { name: input.name, expiresInDays: input.expiresInDays }),
    );
  }

  async revokePersonalToken(scope: RequestScope, tokenId: string): Promise<boolean> {
    await scope.write((u) => this.core.revokePersonalToken(u, tokenId));
    return true;
  }

  /** Ends every browser session of the viewer (personal access tokens are revoked one by one). */
  signOutEverywhere(scope: RequestScope): Promise<number> {
    return scope.write((u) => this.core.revokeAllSessions(u));
  }
}
