import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceKitModule } from '@gt/service-kit';
import { ApiKeyService } from './api-keys/api-key.service';
import { CoreKeysClient } from './api-keys/core-keys.client';
import { KeyDirectory } from './api-keys/key-directory';
import { CLOCK, type Clock, systemClock } from './clock';
import { INGESTION_CONFIG, type IngestionConfig } from './config';
import { EventsController } from './events/events.controller';
import { createKafkaSender, EventsProducer, KAFKA_SENDER, type KafkaSender } from './events/events.producer';
import { EventsService } from './events/events.service';
import { IngestionMetrics } from './observability/ingestion.metrics';
import { RateLimiter } from './rate-limit/rate-limiter';

/** The service's connections to the outside, replaceable in tests (the defaults are the real ones). */
export interface IngestionDependencies {
  keyDirectory?: KeyDirectory;
  kafka?: KafkaSender;
  clock?: Clock;
}

@Module({})
export class IngestionModule {
  static forRoot(config: IngestionConfig, deps: IngestionDependencies = {}): DynamicModule {
    return {
      module: IngestionModule,
      imports: [ServiceKitModule.forRoot({ serviceToken: config.SERVICE_TOKEN })],
      controllers: [EventsController],
      providers: [
        { provide: INGESTION_CONFIG, useValue: config },
        { provide: CLOCK, useValue: deps.clock ?? systemClock },
        deps.keyDirectory
          ? { provide: KeyDirectory, useValue: deps.keyDirectory }
          : { provide: KeyDirectory, useClass: CoreKeysClient },
        { provide: KAFKA_SENDER, useFactory: () => deps.kafka ?? createKafkaSender(config) },
        IngestionMetrics,
        ApiKeyService,
        RateLimiter,
        EventsProducer,
        EventsService,
      ],
    };
  }
}
