import {
  Controller,
  createParamDecorator,
  type ExecutionContext,
  Headers,
  HttpCode,
  Post,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { IngestResponse } from '@gt/contracts';
import { EventsService } from './events.service';
import { IngestEventsDocs } from './events.openapi';
import { DOCUMENTED_LIMITS } from './limits';

/** The raw body (a Buffer) left by eventsBodyReader; JSON is parsed by the service after the key check. */
const RawEventsBody = createParamDecorator((_: unknown, ctx: ExecutionContext): unknown => {
  return ctx.switchToHttp().getRequest<Request>().body;
});

@ApiTags('events')
@Controller('v1/events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Post()
  @HttpCode(202)
  @IngestEventsDocs(DOCUMENTED_LIMITS.maxEvents, DOCUMENTED_LIMITS.maxBytes)
  ingest(
    @Headers('x-api-key') apiKey: string | undefined,
    @RawEventsBody() body: unknown,
    @Headers('x-signature') signature: string | undefined,
  ): Promise<IngestResponse> {
    return this.events.ingest(apiKey, body, signature);
  }
}
