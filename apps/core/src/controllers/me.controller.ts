import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUserId, UserRoute } from '../auth/user-route';
import { ApiProblems } from '../common/api-docs';
import { TokenIdParams } from '../dtos/common.dto';
import {
  CreatePersonalTokenDto,
  CreatedPersonalTokenDto,
  PersonalTokenListDto,
} from '../dtos/personal-token.dto';
import { UserDto } from '../dtos/user.dto';
import { PersonalTokensService } from '../services/personal-tokens.service';
import { UsersService } from '../services/users.service';

@ApiTags('me')
@Controller('me')
@UserRoute()
export class MeController {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: PersonalTokensService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The calling user' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems()
  me(@CurrentUserId() userId: string): Promise<UserDto> {
    return this.users.me(userId);
  }

  @Post('personal-tokens')
  @ApiOperation({ summary: 'Create a personal access token (gtp_...): the secret is in this response only' })
  @ApiCreatedResponse({ type: CreatedPersonalTokenDto })
  @ApiProblems(400)
  createToken(
    @CurrentUserId() userId: string,
    @Body() body: CreatePersonalTokenDto,
  ): Promise<CreatedPersonalTokenDto> {
    return this.tokens.create(userId, body.name, body.expiresInDays);
  }

  @Get('personal-tokens')
  @ApiOperation({ summary: "The caller's live personal access tokens (metadata only)" })
  @ApiOkResponse({ type: PersonalTokenListDto })
  @ApiProblems()
  async listTokens(@CurrentUserId() userId: string): Promise<PersonalTokenListDto> {
    return { items: await this.tokens.list(userId) };
  }

  @Delete('personal-tokens/:tokenId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a personal access token' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiProblems(404)
  async revokeToken(@CurrentUserId() userId: string, @Param() p: TokenIdParams): Promise<void> {
    await this.tokens.revoke(userId, p.tokenId);
  }
}
