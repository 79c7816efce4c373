import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@gt/service-kit';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { BFF_CONFIG, type BffConfig } from '../config';
import { BFF_LOGGER } from '../logger';
import { devLoginPage } from './dev-login.page';
import { GoogleAuthGuard, type GoogleCallbackRequest } from './google-auth.guard';
import { safeReturnTo } from './oauth-state.store';
import { assertSameOrigin, wantsJson } from './same-origin';
import { SignInService } from './sign-in.service';

/**
 * Browser sign-in and sign-out. Only plain HTTP redirects and cookies: the portal links to
 * /auth/google (or /auth/dev), lands back on `returnTo` with the session cookie set, and
 * POSTs /auth/logout. Failures come back as `/?authError=<reason>`.
 */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly signIn: SignInService,
    @Inject(BFF_CONFIG) private readonly config: BffConfig,
    @Inject(BFF_LOGGER) private readonly logger: Logger,
  ) {}

  @Get('google')
  @UseGuards(GoogleAuthGuard)
  @ApiOperation({ summary: 'Starts a Google sign-in (redirects to Google). Optional ?returnTo=/path' })
  google(): void {
    // The guard has redirected to Google.
  }

  @Get('google/callback')
  @UseGuards(GoogleAuthGuard)
  @ApiExcludeEndpoint()
  async googleCallback(@Req() req: GoogleCallbackRequest, @Res() res: Response): Promise<void> {
    const returnTo = (req as Request & { oauthReturnTo?: string }).oauthReturnTo;
    if (!req.user) {
      this.logger.warn({ reason: describe(req.signInError) }, 'google sign-in failed');
      res.redirect(303, this.signIn.redirectTarget(returnTo, 'google_failed'));
      return;
    }
    try {
      await this.signIn.completeGoogle(req, res, req.user);
      res.redirect(303, this.signIn.redirectTarget(returnTo));
    } catch (e) {
      const failure = this.signIn.failureOf(e);
      this.logger.warn({ reason: describe(e), failure }, 'google sign-in could not complete');
      res.redirect(303, this.signIn.redirectTarget(returnTo, failure));
    }
  }

  @Get('dev')
  @ApiOperation({ summary: 'Development sign-in form (only when DEV_LOGIN_ENABLED, never in production)' })
  devForm(@Query('returnTo') returnTo: string | undefined, @Res() res: Response): void {
    this.requireDevLogin();
    res
      .status(200)
      .type('html')
      .set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
      .set('Cache-Control', 'no-store')
      .send(devLoginPage(safeReturnTo(returnTo)));
  }

  @Post('dev')
  @ApiOperation({
    summary: 'Development sign-in: form post or JSON {email, name?}. Sets the session cookie.',
  })
  async devSignIn(
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    this.requireDevLogin();
    assertSameOrigin(req, this.config);
    await this.signIn.completeDev(req, res, body?.email, body?.name);
    if (wantsJson(req)) res.status(204).end();
    else res.redirect(303, this.signIn.redirectTarget(body?.returnTo));
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Revokes the session in core and clears the cookie (204, or 303 to / for a form post)',
  })
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    assertSameOrigin(req, this.config);
    await this.signIn.signOut(req, res);
    if (wantsJson(req)) res.status(204).end();
    else res.redirect(303, `${this.config.PUBLIC_URL}/`);
  }

  private requireDevLogin(): void {
    if (!this.config.DEV_LOGIN_ENABLED) {
      throw new DomainError(
        'DEV_LOGIN_DISABLED',
        'The development sign-in is not enabled on this server',
        404,
      );
    }
  }
}

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  if (e && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}
