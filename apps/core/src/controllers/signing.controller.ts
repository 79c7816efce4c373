import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUserId, UserRoute } from '../auth/user-route';
import { ApiProblems } from '../common/api-docs';
import { GameClientParams, SigningSecretParams } from '../dtos/common.dto';
import {
  CreatedSigningSecretDto,
  CreateSigningSecretDto,
  SigningDto,
  SigningSecretDto,
  UpdateSigningDto,
} from '../dtos/signing.dto';
import { SigningService } from '../services/signing.service';

@ApiTags('request signing')
@Controller('studios/:studioId/games/:gameId/clients/:clientId/signing')
@UserRoute()
export class SigningController {
  constructor(private readonly signing: SigningService) {}

  @Get()
  @ApiOperation({ summary: "The client's signing policy and secrets (metadata only, never the secrets)" })
  @ApiOkResponse({ type: SigningDto })
  @ApiProblems(404)
  get(@CurrentUserId() userId: string, @Param() p: GameClientParams): Promise<SigningDto> {
    return this.signing.get(p.studioId, userId, p.gameId, p.clientId);
  }

  @Put()
  @ApiOperation({
    summary:
      'Require signed requests from this client, or stop requiring them (admin). Requiring needs a live secret (409 SIGNING_SECRET_REQUIRED).',
  })
  @ApiOkResponse({ type: SigningDto })
  @ApiProblems(400, 403, 404, 409)
  update(
    @CurrentUserId() userId: string,
    @Param() p: GameClientParams,
    @Body() body: UpdateSigningDto,
  ): Promise<SigningDto> {
    return this.signing.setRequired(p.studioId, userId, p.gameId, p.clientId, body.required);
  }

  @Post('secrets')
  @ApiOperation({
    summary:
      'Create a signing secret (admin); the secret is in this response only. The current one keeps verifying for the grace period.',
  })
  @ApiCreatedResponse({ type: CreatedSigningSecretDto })
  @ApiProblems(400, 403, 404, 409)
  create(
    @CurrentUserId() userId: string,
    @Param() p: GameClientParams,
    @Body() body: CreateSigningSecretDto,
  ): Promise<CreatedSigningSecretDto> {
    return this.signing.createSecret(p.studioId, userId, p.gameId, p.clientId, body.graceHours);
  }

  @Post('secrets/:secretId/revoke')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Revoke a signing secret now (admin). Idempotent. The last live secret of a client requiring signatures cannot be revoked (409 SIGNING_LAST_SECRET).',
  })
  @ApiOkResponse({ type: SigningSecretDto })
  @ApiProblems(403, 404, 409)
  revoke(@CurrentUserId() userId: string, @Param() p: SigningSecretParams): Promise<SigningSecretDto> {
    return this.signing.revokeSecret(p.studioId, userId, p.gameId, p.clientId, p.secretId);
  }
}
