import { type DynamicModule, Global, Module } from '@nestjs/common';
import { HealthController, HealthRegistry } from './health';
import { SERVICE_TOKEN, ServiceTokenGuard } from './internal-auth';
import { MetricsController, MetricsRegistry } from './metrics';

export interface ServiceKitOptions {
  /** The shared service credential (SERVICE_TOKEN). Internal routes refuse calls without it. */
  serviceToken: string;
}

/** Health, metrics and the internal-route guard, shared by every service. */
@Global()
@Module({})
export class ServiceKitModule {
  static forRoot(opts: ServiceKitOptions): DynamicModule {
    return {
      module: ServiceKitModule,
      controllers: [HealthController, MetricsController],
      providers: [
        HealthRegistry,
        MetricsRegistry,
        ServiceTokenGuard,
        { provide: SERVICE_TOKEN, useValue: opts.serviceToken },
      ],
      exports: [HealthRegistry, MetricsRegistry, ServiceTokenGuard, SERVICE_TOKEN],
    };
  }
}
