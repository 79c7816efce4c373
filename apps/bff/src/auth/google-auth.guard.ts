import { type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { AuthGuard, type IAuthModuleOptions } from '@nestjs/passport';
import { DomainError } from '@gt/service-kit';
import type { Request } from 'express';
import { BFF_CONFIG, type BffConfig } from '../config';
import type { GoogleIdentity } from './google.strategy';
import { safeReturnTo } from './oauth-state.store';

/** The request after the guard: the identity, or why there is none. */
export type GoogleCallbackRequest = Request & { user?: GoogleIdentity | false; signInError?: unknown };

/**
 * Runs passport-google-oauth20: on /auth/google it redirects to Google (with state, PKCE and
 * the page to return to); on the callback it exchanges the code and loads the profile. A
 * failed callback does not throw: the controller sends the browser back to the portal with a
 * reason, rather than showing a bare error page.
 */
@Injectable()
export class GoogleAuthGuard extends AuthGuard('google') {
  constructor(@Inject(BFF_CONFIG) private readonly config: BffConfig) {
    super();
  }

  override async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (!this.config.googleEnabled) {
      throw new DomainError(
        'GOOGLE_SIGN_IN_DISABLED',
        'Google sign-in is not configured on this server',
        404,
      );
    }
    return (await super.canActivate(ctx)) as boolean;
  }

  override getAuthenticateOptions(ctx: ExecutionContext): IAuthModuleOptions {
    const req = ctx.switchToHttp().getRequest<Request>();
    return { session: false, state: { returnTo: safeReturnTo(req.query.returnTo) } } as IAuthModuleOptions;
  }

  override handleRequest<TUser = GoogleIdentity | false>(
    err: unknown,
    user: unknown,
    info: unknown,
    ctx: ExecutionContext,
  ): TUser {
    if (err || !user) {
      ctx.switchToHttp().getRequest<GoogleCallbackRequest>().signInError = err ?? info;
      return false as TUser;
    }
    return user as TUser;
  }
}
