import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Internal } from '@gt/service-kit';
import { ApiProblems } from '../common/api-docs';
import { AlertHistoryParams, StudioParams } from '../dtos/common.dto';
import { ApiKeyValidationDto, ValidateApiKeyDto } from '../dtos/api-key.dto';
import { AlertRuleFeedDto, AlertRulesQuery } from '../dtos/alert-rule.dto';
import { AlertHistoryDto, RecordAlertDto, UpdateAlertDeliveryDto } from '../dtos/alert-history.dto';
import { AlertHistoryService } from '../services/alert-history.service';
import { AlertRulesService } from '../services/alert-rules.service';
import { ApiKeysService } from '../services/api-keys.service';

/** Machine routes for ingestion (key validation) and alerting (rules feed, history). */
@ApiTags('internal: machines')
@Controller('internal')
@Internal()
export class InternalMachineController {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly rules: AlertRulesService,
    private readonly history: AlertHistoryService,
  ) {}

  @Post('api-keys/validate')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Validate a game-client API key: shape and checksum (400 KEY_MALFORMED / KEY_BAD_CHECKSUM, no database hit), then one indexed lookup',
  })
  @ApiOkResponse({ type: ApiKeyValidationDto })
  @ApiProblems(400)
  validateApiKey(@Body() body: ValidateApiKeyDto): Promise<ApiKeyValidationDto> {
    return this.keys.validate(body.key);
  }

  @Get('alert-rules')
  @ApiOperation({
    summary:
      'Alert rules of every studio: all live rules, or every rule changed after updatedSince (disabled and deleted included). Poll with the returned serverTime.',
  })
  @ApiOkResponse({ type: AlertRuleFeedDto })
  @ApiProblems(400)
  alertRules(@Query() q: AlertRulesQuery): Promise<AlertRuleFeedDto> {
    return this.rules.feed(q.updatedSince);
  }

  @Post('studios/:studioId/alert-history')
  @ApiOperation({
    summary: 'Record a fired alert; idempotent on firingKey (a repeat answers 200 with the existing entry)',
  })
  @ApiCreatedResponse({ type: AlertHistoryDto, description: 'Recorded' })
  @ApiOkResponse({ type: AlertHistoryDto, description: 'Already recorded under this firingKey' })
  @ApiProblems(400, 404)
  async recordAlert(
    @Param() p: StudioParams,
    @Body() body: RecordAlertDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AlertHistoryDto> {
    const { entry, created } = await this.history.record(p.studioId, body);
    res.status(created ? 201 : 200);
    return entry;
  }

  @Patch('studios/:studioId/alert-history/:historyId')
  @ApiOperation({ summary: 'Update the delivery status of a fired alert' })
  @ApiOkResponse({ type: AlertHistoryDto })
  @ApiProblems(400, 404)
  updateAlertDelivery(
    @Param() p: AlertHistoryParams,
    @Body() body: UpdateAlertDeliveryDto,
  ): Promise<AlertHistoryDto> {
    return this.history.updateDelivery(p.studioId, p.historyId, body);
  }
}
