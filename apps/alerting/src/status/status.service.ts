import { Injectable } from '@nestjs/common';
import { OutboxRepository } from '../alerts/outbox.repository';
import { CountersRepository } from '../counting/counters.repository';
import { EventsConsumer } from '../counting/events.consumer';
import { RulesService } from '../rules/rules.service';
import type { AlertingStatusDto, GameCountersDto } from './status.dto';

/** What an operator (or a test) asks the service about itself. */
@Injectable()
export class StatusService {
  constructor(
    private readonly rules: RulesService,
    private readonly consumer: EventsConsumer,
    private readonly outbox: OutboxRepository,
    private readonly counters: CountersRepository,
  ) {}

  async status(): Promise<AlertingStatusDto> {
    const c = this.consumer.status();
    return {
      rules: this.rules.status(),
      consumer: {
        groupId: c.groupId,
        topic: c.topic,
        connected: c.connected,
        running: c.running,
        retrying: c.retrying,
        handled: c.handled,
        deadLettered: c.deadLettered,
        lastCommitAt: c.lastCommitAt,
      },
      // Status must answer while Redis is down (that is when it is wanted most).
      outbox: await this.outbox.size().catch(() => null),
    };
  }

  async gameCounters(gameId: string): Promise<GameCountersDto> {
    return { gameId, players: await this.counters.players(gameId) };
  }
}
