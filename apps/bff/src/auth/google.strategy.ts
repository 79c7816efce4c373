import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { type Profile, Strategy } from 'passport-google-oauth20';
import type { StateStore } from 'passport-oauth2';
import { BFF_CONFIG, type BffConfig } from '../config';
import { CookieStateStore } from './oauth-state.store';

/** What the BFF keeps of a Google sign-in: enough for core to find or create the user. */
export interface GoogleIdentity {
  googleSubject: string;
  email: string;
  emailVerified: boolean;
  name: string;
  avatarUrl: string | null;
}

/** The key that signs the OAuth state cookie, derived so the service token itself never signs cookies. */
export function stateCookieKey(serviceToken: string): Buffer {
  return createHash('sha256').update(`bff-oauth-state:${serviceToken}`).digest();
}

export function identityFromProfile(profile: Profile): GoogleIdentity {
  const email = profile.emails?.[0];
  const json = (profile as Profile & { _json?: { email_verified?: unknown } })._json;
  const verified: unknown = email?.verified ?? json?.email_verified;
  return {
    googleSubject: profile.id,
    email: (email?.value ?? '').trim().toLowerCase(),
    // Google sends a boolean; some providers send "true".
    emailVerified: verified === true || verified === 'true',
    name: profile.displayName || email?.value || 'Google user',
    avatarUrl: profile.photos?.[0]?.value ?? null,
  };
}

/**
 * passport-google-oauth20 with endpoints from configuration (tests point them at a local
 * OAuth2 server), PKCE, and the state kept in a signed cookie instead of a server session.
 * `validate` only maps the profile; creating the user and the session is the callback's job,
 * so that a core outage there is answered like any other.
 */
@Injectable()
export class GoogleStrategy extends PassportStrategy(Strategy, 'google') {
  constructor(@Inject(BFF_CONFIG) config: BffConfig) {
    super({
      clientID: config.GOOGLE_CLIENT_ID ?? '',
      clientSecret: config.GOOGLE_CLIENT_SECRET ?? '',
      callbackURL: `${config.PUBLIC_URL}/auth/google/callback`,
      authorizationURL: config.GOOGLE_AUTH_URL,
      tokenURL: config.GOOGLE_TOKEN_URL,
      userProfileURL: config.GOOGLE_USERINFO_URL,
      scope: ['openid', 'email', 'profile'],
      pkce: true,
      state: true,
      // passport-oauth2's StateStore typing lacks the PKCE (5-argument) variant it calls.
      store: new CookieStateStore(
        stateCookieKey(config.SERVICE_TOKEN),
        config.COOKIE_SECURE,
      ) as unknown as StateStore,
    });
  }

  validate(_accessToken: string, _refreshToken: string, profile: Profile): GoogleIdentity {
    return identityFromProfile(profile);
  }
}
