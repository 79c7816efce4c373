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
import { AlertRuleParams, GameParams } from '../dtos/common.dto';
import {
  AlertRuleDto,
  AlertRuleListDto,
  CreateAlertRuleDto,
  UpdateAlertRuleDto,
} from '../dtos/alert-rule.dto';
import { AlertRulesService } from '../services/alert-rules.service';

@ApiTags('alert rules')
@Controller('studios/:studioId/games/:gameId/alert-rules')
@UserRoute()
export class AlertRulesController {
  constructor(private readonly rules: AlertRulesService) {}

  @Post()
  @ApiOperation({ summary: 'Create an alert rule for the game (admin)' })
  @ApiCreatedResponse({ type: AlertRuleDto })
  @ApiProblems(400, 403, 404, 409)
  create(
    @CurrentUserId() userId: string,
    @Param() p: GameParams,
    @Body() body: CreateAlertRuleDto,
  ): Promise<AlertRuleDto> {
    return this.rules.create(p.studioId, userId, p.gameId, body);
  }

  @Get()
  @ApiOperation({ summary: "The game's alert rules (deleted ones excluded)" })
  @ApiOkResponse({ type: AlertRuleListDto })
  @ApiProblems(404)
  async list(@CurrentUserId() userId: string, @Param() p: GameParams): Promise<AlertRuleListDto> {
    return { items: await this.rules.list(p.studioId, userId, p.gameId) };
  }

  @Get(':ruleId')
  @ApiOperation({ summary: 'An alert rule' })
  @ApiOkResponse({ type: AlertRuleDto })
  @ApiProblems(404)
  get(@CurrentUserId() userId: string, @Param() p: AlertRuleParams): Promise<AlertRuleDto> {
    return this.rules.get(p.studioId, userId, p.gameId, p.ruleId);
  }

  @Patch(':ruleId')
  @ApiOperation({ summary: 'Change an alert rule (admin): absent fields stay, null clears an optional one' })
  @ApiOkResponse({ type: AlertRuleDto })
  @ApiProblems(400, 403, 404, 409)
  update(
    @CurrentUserId() userId: string,
    @Param() p: AlertRuleParams,
    @Body() body: UpdateAlertRuleDto,
  ): Promise<AlertRuleDto> {
    return this.rules.update(p.studioId, userId, p.gameId, p.ruleId, body);
  }

  @Post(':ruleId/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable an alert rule (admin)' })
  @ApiOkResponse({ type: AlertRuleDto })
  @ApiProblems(403, 404)
  enable(@CurrentUserId() userId: string, @Param() p: AlertRuleParams): Promise<AlertRuleDto> {
    return this.rules.setEnabled(p.studioId, userId, p.gameId, p.ruleId, true);
  }

  @Post(':ruleId/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable an alert rule (admin)' })
  @ApiOkResponse({ type: AlertRuleDto })
  @ApiProblems(403, 404)
  disable(@CurrentUserId() userId: string, @Param() p: AlertRuleParams): Promise<AlertRuleDto> {
    return this.rules.setEnabled(p.studioId, userId, p.gameId, p.ruleId, false);
  }

  @Delete(':ruleId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an alert rule (admin); its history stays' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(403, 404)
  async delete(@CurrentUserId() userId: string, @Param() p: AlertRuleParams): Promise<void> {
    await this.rules.delete(p.studioId, userId, p.gameId, p.ruleId);
  }
}
