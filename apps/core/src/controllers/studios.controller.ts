import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUserId, UserRoute } from '../auth/user-route';
import { ApiProblems } from '../common/api-docs';
import { StudioParams } from '../dtos/common.dto';
import { CreateStudioDto, DeleteStudioQuery, RenameDto, StudioDto, StudioListDto } from '../dtos/studio.dto';
import { StudiosService } from '../services/studios.service';

@ApiTags('studios')
@Controller('studios')
@UserRoute()
export class StudiosController {
  constructor(private readonly studios: StudiosService) {}

  @Post()
  @ApiOperation({
    summary: 'Create a studio; the caller becomes its owner. Creates and migrates its schema atomically.',
  })
  @ApiCreatedResponse({ type: StudioDto })
  @ApiProblems(400, 401)
  create(@CurrentUserId() userId: string, @Body() body: CreateStudioDto): Promise<StudioDto> {
    return this.studios.create(userId, body.name);
  }

  @Get()
  @ApiOperation({ summary: "The caller's studios, with their role in each" })
  @ApiOkResponse({ type: StudioListDto })
  @ApiProblems()
  async listMine(@CurrentUserId() userId: string): Promise<StudioListDto> {
    return { items: await this.studios.listMine(userId) };
  }

  @Get(':studioId')
  @ApiOperation({ summary: 'A studio the caller is a member of' })
  @ApiOkResponse({ type: StudioDto })
  @ApiProblems(404)
  get(@CurrentUserId() userId: string, @Param() p: StudioParams): Promise<StudioDto> {
    return this.studios.get(p.studioId, userId);
  }

  @Patch(':studioId')
  @ApiOperation({ summary: 'Rename the studio (owner)' })
  @ApiOkResponse({ type: StudioDto })
  @ApiProblems(400, 403, 404)
  rename(
    @CurrentUserId() userId: string,
    @Param() p: StudioParams,
    @Body() body: RenameDto,
  ): Promise<StudioDto> {
    return this.studios.rename(p.studioId, userId, body.name);
  }

  @Delete(':studioId')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Delete the studio and all its data (owner). Refused with STUDIO_HAS_GAMES while it has active games, unless force=true.',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(400, 403, 404, 409)
  async delete(
    @CurrentUserId() userId: string,
    @Param() p: StudioParams,
    @Query() q: DeleteStudioQuery,
  ): Promise<void> {
    await this.studios.delete(p.studioId, userId, q.force ?? false);
  }
}
