import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUserId, UserRoute } from '../auth/user-route';
import { ApiProblems } from '../common/api-docs';
import { ApiKeyParams, GameClientParams } from '../dtos/common.dto';
import {
  ApiKeyDto,
  ApiKeyListDto,
  CreateApiKeyDto,
  CreatedApiKeyDto,
  RotateApiKeyDto,
  RotatedApiKeyDto,
} from '../dtos/api-key.dto';
import { ApiKeysService } from '../services/api-keys.service';

@ApiTags('api keys')
@Controller('studios/:studioId/games/:gameId/clients/:clientId/api-keys')
@UserRoute()
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @ApiOperation({
    summary: 'Create an API key for the game client (admin). The secret is in this response only.',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiProblems(400, 403, 404, 409)
  create(
    @CurrentUserId() userId: string,
    @Param() p: GameClientParams,
    @Body() body: CreateApiKeyDto,
  ): Promise<CreatedApiKeyDto> {
    return this.keys.create(p.studioId, userId, p.gameId, p.clientId, body);
  }

  @Get()
  @ApiOperation({ summary: "The client's keys (metadata only, never secrets)" })
  @ApiOkResponse({ type: ApiKeyListDto })
  @ApiProblems(404)
  async list(@CurrentUserId() userId: string, @Param() p: GameClientParams): Promise<ApiKeyListDto> {
    return { items: await this.keys.list(p.studioId, userId, p.gameId, p.clientId) };
  }

  @Post(':keyId/revoke')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Revoke a key (admin); ingestion refuses it once its cache time has passed. Idempotent.',
  })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiProblems(403, 404)
  revoke(@CurrentUserId() userId: string, @Param() p: ApiKeyParams): Promise<ApiKeyDto> {
    return this.keys.revoke(p.studioId, userId, p.gameId, p.clientId, p.keyId);
  }

  @Post(':keyId/rotate')
  @ApiOperation({
    summary:
      'Rotate a key (admin): a new key (secret in this response only); the old one works for the grace period, then expires',
  })
  @ApiCreatedResponse({ type: RotatedApiKeyDto })
  @ApiProblems(400, 403, 404, 409)
  rotate(
    @CurrentUserId() userId: string,
    @Param() p: ApiKeyParams,
    @Body() body: RotateApiKeyDto,
  ): Promise<RotatedApiKeyDto> {
    return this.keys.rotate(p.studioId, userId, p.gameId, p.clientId, p.keyId, body.graceHours);
  }
}
