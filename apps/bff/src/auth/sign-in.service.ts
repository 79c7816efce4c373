import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type FieldError } from '@gt/service-kit';
import type { Request, Response } from 'express';
import { BFF_CONFIG, type BffConfig } from '../config';
import { CoreGateway } from '../downstream/core.gateway';
import { bffErrors, ErrorCode } from '../graphql/errors';
import { AuthService } from './auth.service';
import { sessionCookieName, sessionCookieOptions, sessionTokenOf } from './credentials';
import type { GoogleIdentity } from './google.strategy';
import { safeReturnTo } from './oauth-state.store';

/** Why a browser sign-in did not complete; the portal shows a message for each (?authError=). */
export type SignInFailure = 'google_failed' | 'email_unverified' | 'unavailable';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The browser side of identity: finishing a sign-in (core upserts the user and issues a
 * session; the BFF puts the token in an httpOnly cookie) and signing out (core revokes it).
 */
@Injectable()
export class SignInService {
  private readonly cookieName: string;

  constructor(
    private readonly core: CoreGateway,
    private readonly auth: AuthService,
    @Inject(BFF_CONFIG) private readonly config: BffConfig,
  ) {
    this.cookieName = sessionCookieName(config);
  }

  /** Upserts the Google user, opens a session, sets the cookie. Refuses unverified emails. */
  async completeGoogle(req: Request, res: Response, identity: GoogleIdentity): Promise<void> {
    // An unverified address could claim another person's invitations: core matches them by email.
    if (!identity.emailVerified || !EMAIL.test(identity.email)) {
      throw new DomainError('EMAIL_UNVERIFIED', 'Google did not confirm this email address', 403);
    }
    await this.openSession(req, res, identity);
  }

  /** Development sign-in: any email, no password. Only reachable when DEV_LOGIN_ENABLED. */
  async completeDev(req: Request, res: Response, emailRaw: unknown, nameRaw: unknown): Promise<void> {
    const email = typeof emailRaw === 'string' ? emailRaw.trim().toLowerCase() : '';
    if (!EMAIL.test(email) || email.length > 254) {
      const field: FieldError = {
        field: 'email',
        code: 'isEmail',
        message: 'email must be an email address',
      };
      throw bffErrors.badInput('email must be an email address', [field]);
    }
    const name =
      typeof nameRaw === 'string' && nameRaw.trim() ? nameRaw.trim().slice(0, 200) : email.split('@')[0];
    await this.openSession(req, res, {
      // A synthetic subject that a real Google subject (all digits) can never equal.
      googleSubject: `dev:${email}`,
      email,
      emailVerified: true,
      name,
      avatarUrl: null,
    });
  }

  /**
   * Revokes the session in core and clears the cookie. The cookie goes even when core cannot be
   * reached, but then the error is rethrown: the caller must learn the session may still be valid.
   */
  async signOut(req: Request, res: Response): Promise<void> {
    const token = sessionTokenOf(req, this.cookieName);
    res.clearCookie(this.cookieName, sessionCookieOptions(this.config));
    if (!token) return;
    this.auth.forget({ kind: 'session', token });
    await this.core.revokeSession(token);
  }

  failureOf(err: unknown): SignInFailure {
    if (err instanceof DomainError && err.code === 'EMAIL_UNVERIFIED') return 'email_unverified';
    if (err instanceof DomainError && err.code === ErrorCode.UPSTREAM_UNAVAILABLE) return 'unavailable';
    return 'google_failed';
  }

  /** Where the browser goes after a sign-in: a path on our own origin. */
  redirectTarget(returnTo: unknown, failure?: SignInFailure): string {
    if (failure) return `${this.config.PUBLIC_URL}/?authError=${failure}`;
    return `${this.config.PUBLIC_URL}${safeReturnTo(returnTo)}`;
  }

  private async openSession(req: Request, res: Response, identity: GoogleIdentity): Promise<void> {
    const user = await this.core.upsertGoogleUser({
      googleSubject: identity.googleSubject,
      email: identity.email,
      name: identity.name,
      avatarUrl: identity.avatarUrl,
    });
    const session = await this.core.createSession(user.id, {
      userAgent: req.headers['user-agent']?.slice(0, 512),
      ip: req.ip?.slice(0, 64),
    });
    res.cookie(this.cookieName, session.token, sessionCookieOptions(this.config, session.expiresAt));
  }
}
