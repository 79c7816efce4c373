import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Internal } from '@gt/service-kit';
import { ApiProblems } from '../common/api-docs';
import { UserParams } from '../dtos/common.dto';
import { ValidatedPersonalTokenDto } from '../dtos/personal-token.dto';
import {
  CreateSessionDto,
  CreatedSessionDto,
  RevokedSessionsDto,
  SessionTokenDto,
  ValidatedSessionDto,
} from '../dtos/session.dto';
import { UpsertGoogleUserDto, UpsertGoogleUserResultDto } from '../dtos/user.dto';
import { PersonalTokensService } from '../services/personal-tokens.service';
import { SessionsService } from '../services/sessions.service';
import { UsersService } from '../services/users.service';

/** Sign-in, sessions and personal tokens, for the BFF (service credential only). */
@ApiTags('internal: identity')
@Controller('internal')
@Internal()
export class InternalIdentityController {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly tokens: PersonalTokensService,
  ) {}

  @Post('users/google')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Create or update the user of a verified Google profile (or a dev sign-in); accepts pending invitations to the email',
  })
  @ApiOkResponse({ type: UpsertGoogleUserResultDto })
  @ApiProblems(400, 409)
  upsertGoogleUser(@Body() body: UpsertGoogleUserDto): Promise<UpsertGoogleUserResultDto> {
    return this.users.upsertFromGoogle({
      googleSubject: body.googleSubject,
      email: body.email,
      name: body.name,
      avatarUrl: body.avatarUrl ?? null,
    });
  }

  @Delete('users/:userId/sessions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign out everywhere: revoke every session of the user' })
  @ApiOkResponse({ type: RevokedSessionsDto })
  @ApiProblems(400)
  revokeAllSessions(@Param() p: UserParams): Promise<RevokedSessionsDto> {
    return this.sessions.revokeAll(p.userId);
  }

  @Post('sessions')
  @ApiOperation({ summary: 'Issue a session token for a user (after sign-in)' })
  @ApiCreatedResponse({ type: CreatedSessionDto })
  @ApiProblems(400, 404)
  createSession(@Body() body: CreateSessionDto): Promise<CreatedSessionDto> {
    return this.sessions.create(body.userId, body.userAgent, body.ip);
  }

  @Post('sessions/validate')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "A session token's user (401 SESSION_INVALID when unknown, expired or revoked); slides the expiry",
  })
  @ApiOkResponse({ type: ValidatedSessionDto })
  @ApiProblems(400)
  validateSession(@Body() body: SessionTokenDto): Promise<ValidatedSessionDto> {
    return this.sessions.validate(body.token);
  }

  @Delete('sessions/current')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: revoke this session token (idempotent)' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiProblems(400)
  async revokeSession(@Body() body: SessionTokenDto): Promise<void> {
    await this.sessions.revoke(body.token);
  }

  @Post('personal-tokens/validate')
  @HttpCode(200)
  @ApiOperation({
    summary: "A personal access token's user (401 PERSONAL_TOKEN_INVALID when unknown, expired or revoked)",
  })
  @ApiOkResponse({ type: ValidatedPersonalTokenDto })
  @ApiProblems(400)
  validatePersonalToken(@Body() body: SessionTokenDto): Promise<ValidatedPersonalTokenDto> {
    return this.tokens.validate(body.token);
  }
}
