import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUserId, UserRoute } from '../auth/user-route';
import { ApiProblems } from '../common/api-docs';
import { GameParams, StudioParams } from '../dtos/common.dto';
import { CreateGameDto, GameDto, GameListDto, ListGamesQuery } from '../dtos/game.dto';
import { RenameDto } from '../dtos/studio.dto';
import { GamesService } from '../services/games.service';

@ApiTags('games')
@Controller('studios/:studioId/games')
@UserRoute()
export class GamesController {
  constructor(private readonly games: GamesService) {}

  @Post()
  @ApiOperation({ summary: 'Create a game (admin); names are unique in the studio (GAME_NAME_TAKEN)' })
  @ApiCreatedResponse({ type: GameDto })
  @ApiProblems(400, 403, 404, 409)
  create(
    @CurrentUserId() userId: string,
    @Param() p: StudioParams,
    @Body() body: CreateGameDto,
  ): Promise<GameDto> {
    return this.games.create(p.studioId, userId, body.name);
  }

  @Get()
  @ApiOperation({ summary: "The studio's games (archived ones with includeArchived=true)" })
  @ApiOkResponse({ type: GameListDto })
  @ApiProblems(400, 404)
  async list(
    @CurrentUserId() userId: string,
    @Param() p: StudioParams,
    @Query() q: ListGamesQuery,
  ): Promise<GameListDto> {
    return { items: await this.games.list(p.studioId, userId, q.includeArchived ?? false) };
  }

  @Get(':gameId')
  @ApiOperation({ summary: 'A game' })
  @ApiOkResponse({ type: GameDto })
  @ApiProblems(404)
  get(@CurrentUserId() userId: string, @Param() p: GameParams): Promise<GameDto> {
    return this.games.get(p.studioId, userId, p.gameId);
  }

  @Patch(':gameId')
  @ApiOperation({ summary: 'Rename a game (admin)' })
  @ApiOkResponse({ type: GameDto })
  @ApiProblems(400, 403, 404, 409)
  rename(@CurrentUserId() userId: string, @Param() p: GameParams, @Body() body: RenameDto): Promise<GameDto> {
    return this.games.rename(p.studioId, userId, p.gameId, body.name);
  }

  @Post(':gameId/archive')
  @HttpCode(200)
  @ApiOperation({ summary: 'Archive a game (admin): revokes its keys; its data stays readable. Idempotent.' })
  @ApiOkResponse({ type: GameDto })
  @ApiProblems(403, 404)
  archive(@CurrentUserId() userId: string, @Param() p: GameParams): Promise<GameDto> {
    return this.games.archive(p.studioId, userId, p.gameId);
  }

  @Post(':gameId/restore')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Restore an archived game (admin): it takes clients, keys and rules again; keys revoked by archiving stay revoked. Idempotent.',
  })
  @ApiOkResponse({ type: GameDto })
  @ApiProblems(403, 404)
  restore(@CurrentUserId() userId: string, @Param() p: GameParams): Promise<GameDto> {
    return this.games.restore(p.studioId, userId, p.gameId);
  }
}
