import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUserId, UserRoute } from '../auth/user-route';
import { ApiProblems } from '../common/api-docs';
import { GameClientParams, GameParams } from '../dtos/common.dto';
import { CreateGameClientDto, GameClientDto, GameClientListDto } from '../dtos/game.dto';
import { RenameDto } from '../dtos/studio.dto';
import { GameClientsService } from '../services/game-clients.service';

@ApiTags('game clients')
@Controller('studios/:studioId/games/:gameId/clients')
@UserRoute()
export class GameClientsController {
  constructor(private readonly clients: GameClientsService) {}

  @Post()
  @ApiOperation({ summary: 'Register a game client (a build: Unity PC, Unreal console, web...) (admin)' })
  @ApiCreatedResponse({ type: GameClientDto })
  @ApiProblems(400, 403, 404, 409)
  create(
    @CurrentUserId() userId: string,
    @Param() p: GameParams,
    @Body() body: CreateGameClientDto,
  ): Promise<GameClientDto> {
    return this.clients.create(p.studioId, userId, p.gameId, body.name, body.platform);
  }

  @Get()
  @ApiOperation({ summary: "The game's clients" })
  @ApiOkResponse({ type: GameClientListDto })
  @ApiProblems(404)
  async list(@CurrentUserId() userId: string, @Param() p: GameParams): Promise<GameClientListDto> {
    return { items: await this.clients.list(p.studioId, userId, p.gameId) };
  }

  @Get(':clientId')
  @ApiOperation({ summary: 'A game client' })
  @ApiOkResponse({ type: GameClientDto })
  @ApiProblems(404)
  get(@CurrentUserId() userId: string, @Param() p: GameClientParams): Promise<GameClientDto> {
    return this.clients.get(p.studioId, userId, p.gameId, p.clientId);
  }

  @Patch(':clientId')
  @ApiOperation({ summary: 'Rename a game client (admin)' })
  @ApiOkResponse({ type: GameClientDto })
  @ApiProblems(400, 403, 404, 409)
  rename(
    @CurrentUserId() userId: string,
    @Param() p: GameClientParams,
    @Body() body: RenameDto,
  ): Promise<GameClientDto> {
    return this.clients.rename(p.studioId, userId, p.gameId, p.clientId, body.name);
  }

  @Delete(':clientId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a game client and its keys (admin); the keys stop validating at once' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(403, 404)
  async delete(@CurrentUserId() userId: string, @Param() p: GameClientParams): Promise<void> {
    await this.clients.delete(p.studioId, userId, p.gameId, p.clientId);
  }
}
