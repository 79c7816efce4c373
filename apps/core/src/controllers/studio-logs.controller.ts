import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUserId, UserRoute } from '../auth/user-route';
import { ApiProblems } from '../common/api-docs';
import { PageQuery, StudioParams } from '../dtos/common.dto';
import { AlertHistoryPageDto, AlertHistoryQuery } from '../dtos/alert-history.dto';
import { AuditPageDto } from '../dtos/audit.dto';
import { AlertHistoryService } from '../services/alert-history.service';
import { AuditService } from '../services/audit.service';

@ApiTags('alert history', 'audit log')
@Controller('studios/:studioId')
@UserRoute()
export class StudioLogsController {
  constructor(
    private readonly history: AlertHistoryService,
    private readonly audit: AuditService,
  ) {}

  @Get('alert-history')
  @ApiOperation({
    summary: 'Fired alerts, newest first, optionally of one game or rule; paginated by cursor',
  })
  @ApiOkResponse({ type: AlertHistoryPageDto })
  @ApiProblems(400, 404)
  alertHistory(
    @CurrentUserId() userId: string,
    @Param() p: StudioParams,
    @Query() q: AlertHistoryQuery,
  ): Promise<AlertHistoryPageDto> {
    return this.history.list(p.studioId, userId, q);
  }

  @Get('audit-log')
  @ApiOperation({
    summary: 'Who created, changed or revoked what, and when; newest first, paginated by cursor',
  })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiProblems(400, 404)
  auditLog(
    @CurrentUserId() userId: string,
    @Param() p: StudioParams,
    @Query() q: PageQuery,
  ): Promise<AuditPageDto> {
    return this.audit.list(p.studioId, userId, q);
  }
}
