import {
  type DynamicModule,
  Global,
  Injectable,
  Module,
  type OnModuleInit,
  type Provider,
} from '@nestjs/common';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { PassportModule } from '@nestjs/passport';
import { createLogger, HealthRegistry, ServiceKitModule } from '@gt/service-kit';
import type { Logger } from 'pino';
import { AlertRulesResolver, GameAlertsResolver, StudioAlertsResolver } from './alerts/alerts.resolver';
import { AlertsService } from './alerts/alerts.service';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { GoogleAuthGuard } from './auth/google-auth.guard';
import { GoogleStrategy } from './auth/google.strategy';
import { SignInService } from './auth/sign-in.service';
import { BFF_CONFIG, type BffConfig } from './config';
import { DashboardResolver, GameDashboardResolver, LiveResolver } from './dashboard/dashboard.resolver';
import { DashboardService } from './dashboard/dashboard.service';
import { CoreClientGateway } from './downstream/core-client.gateway';
import { CoreGateway } from './downstream/core.gateway';
import { DownstreamMetrics } from './downstream/downstream-metrics';
import { MetricsClientGateway } from './downstream/metrics-client.gateway';
import { MetricsGateway } from './downstream/metrics.gateway';
import { GameClientsResolver, GamesResolver, StudioGamesResolver } from './games/games.resolver';
import { GamesService } from './games/games.service';
import { graphqlConfig } from './graphql/graphql.config';
import { BFF_LOGGER } from './logger';
import { StudiosResolver } from './studios/studios.resolver';
import { StudiosService } from './studios/studios.service';
import { ViewerResolver } from './viewer/viewer.resolver';
import { ViewerService } from './viewer/viewer.service';

/** Every resolver class: the schema is built from exactly these (also by bin/schema.ts). */
export const RESOLVERS = [
  ViewerResolver,
  StudiosResolver,
  StudioGamesResolver,
  GamesResolver,
  GameClientsResolver,
  GameAlertsResolver,
  StudioAlertsResolver,
  AlertRulesResolver,
  GameDashboardResolver,
  DashboardResolver,
  LiveResolver,
];

export interface BffModuleOverrides {
  /** Replace the downstream gateways (unit tests). */
  core?: CoreGateway;
  metrics?: MetricsGateway;
  logger?: Logger;
}

/** Readiness: core must answer (nothing works without it); metrics down only degrades dashboards. */
@Injectable()
class ReadinessChecks implements OnModuleInit {
  constructor(
    private readonly health: HealthRegistry,
    private readonly core: CoreGateway,
  ) {}

  onModuleInit(): void {
    this.health.register('core', () => this.core.ping());
  }
}

/**
 * Configuration, the downstream gateways and the credential cache, global so that
 * GraphQLModule's async factory (its own module context) gets the same AuthService instance
 * as the rest: one validation cache per process.
 */
@Global()
@Module({})
class BffFoundationModule {
  static forRoot(config: BffConfig, logger: Logger, overrides: BffModuleOverrides): DynamicModule {
    const providers: Provider[] = [
      { provide: BFF_CONFIG, useValue: config },
      { provide: BFF_LOGGER, useValue: logger },
      DownstreamMetrics,
      overrides.core
        ? { provide: CoreGateway, useValue: overrides.core }
        : { provide: CoreGateway, useClass: CoreClientGateway },
      overrides.metrics
        ? { provide: MetricsGateway, useValue: overrides.metrics }
        : { provide: MetricsGateway, useClass: MetricsClientGateway },
      AuthService,
    ];
    return {
      module: BffFoundationModule,
      providers,
      exports: [BFF_CONFIG, BFF_LOGGER, DownstreamMetrics, CoreGateway, MetricsGateway, AuthService],
    };
  }
}

@Module({})
export class BffModule {
  static forRoot(config: BffConfig, overrides: BffModuleOverrides = {}): DynamicModule {
    const logger = overrides.logger ?? createLogger('bff');
    return {
      module: BffModule,
      imports: [
        ServiceKitModule.forRoot({ serviceToken: config.SERVICE_TOKEN }),
        BffFoundationModule.forRoot(config, logger, overrides),
        PassportModule.register({ session: false }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [AuthService],
          useFactory: (auth: AuthService) => graphqlConfig(config, auth, logger),
        }),
      ],
      controllers: [AuthController],
      providers: [
        SignInService,
        GoogleAuthGuard,
        ...(config.googleEnabled ? [GoogleStrategy] : []),
        ViewerService,
        StudiosService,
        GamesService,
        AlertsService,
        DashboardService,
        ReadinessChecks,
        ...RESOLVERS,
      ],
    };
  }
}
