import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Internal } from '@gt/service-kit';
import { AlertingStatusDto, GameCountersDto } from './status.dto';
import { StatusService } from './status.service';

@ApiTags('internal')
@Internal()
@Controller('internal')
export class StatusController {
  constructor(private readonly status: StatusService) {}

  @Get('status')
  @ApiOperation({ summary: 'Rules cache, consumer and outbox state' })
  @ApiOkResponse({ type: AlertingStatusDto })
  getStatus(): Promise<AlertingStatusDto> {
    return this.status.status();
  }

  @Get('games/:gameId/counters')
  @ApiOperation({ summary: "A game's counters" })
  @ApiOkResponse({ type: GameCountersDto })
  gameCounters(@Param('gameId', new ParseUUIDPipe()) gameId: string): Promise<GameCountersDto> {
    return this.status.gameCounters(gameId);
  }
}
