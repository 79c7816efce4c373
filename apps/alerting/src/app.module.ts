import {
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { createKafka, nestKafkaLogger } from '@gt/kafka';
import { HealthRegistry, ServiceKitModule } from '@gt/service-kit';
import type { Redis } from 'ioredis';
import { AlertDispatcher } from './alerts/alert-dispatcher.service';
import { OutboxRepository } from './alerts/outbox.repository';
import { SmtpMailer } from './alerts/smtp.mailer';
import { ALERTING_CONFIG, type AlertingConfig } from './config';
import { CoreRepository, HttpCoreRepository } from './core/core.repository';
import { CountersRepository } from './counting/counters.repository';
import { CountingService } from './counting/counting.service';
import { EventsConsumer, KAFKA } from './counting/events.consumer';
import { AlertingMetrics } from './metrics/alerting.metrics';
import { createRedis, REDIS } from './redis/redis.connection';
import { RulesStoreRepository } from './rules/rules-store.repository';
import { RulesService } from './rules/rules.service';
import { StatusController } from './status/status.controller';
import { StatusService } from './status/status.service';

/** The alerting service: Kafka -> Redis counters -> rules from core -> email. */
@Module({})
export class AlertingModule implements OnApplicationBootstrap, OnApplicationShutdown {
  static forRoot(config: AlertingConfig): DynamicModule {
    return {
      module: AlertingModule,
      imports: [ServiceKitModule.forRoot({ serviceToken: config.SERVICE_TOKEN })],
      controllers: [StatusController],
      providers: [
        { provide: ALERTING_CONFIG, useValue: config },
        { provide: REDIS, useFactory: () => createRedis(config.REDIS_URL) },
        {
          provide: KAFKA,
          useFactory: () =>
            createKafka({
              brokers: config.KAFKA_BROKERS,
              clientId: 'alerting',
              logger: nestKafkaLogger(new Logger('kafka')),
              logLevel: 'warn',
            }),
        },
        { provide: CoreRepository, useClass: HttpCoreRepository },
        AlertingMetrics,
        CountersRepository,
        OutboxRepository,
        RulesStoreRepository,
        SmtpMailer,
        RulesService,
        AlertDispatcher,
        CountingService,
        EventsConsumer,
        StatusService,
      ],
    };
  }

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly rules: RulesService,
    private readonly dispatcher: AlertDispatcher,
    health: HealthRegistry,
  ) {
    health.register('redis', async () => {
      await redis.ping();
    });
    health.register('rules', () => {
      if (!rules.isLoaded()) throw new Error(rules.status().lastError ?? 'rules not loaded yet');
    });
  }

  onApplicationBootstrap(): void {
    this.rules.start();
    this.dispatcher.start();
  }

  async onApplicationShutdown(): Promise<void> {
    // Last: the consumer, the dispatcher and the rules poll have finished with Redis by now.
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
