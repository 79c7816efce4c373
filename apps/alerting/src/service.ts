import type { ServiceDefinition } from '@gt/service-kit';
import { AlertingModule } from './app.module';
import { loadAlertingConfig, type AlertingConfig } from './config';

export const alertingService: ServiceDefinition<AlertingConfig> = {
  name: 'alerting',
  loadConfig: () => loadAlertingConfig(),
  module: (config) => AlertingModule.forRoot(config),
  port: (config) => config.PORT,
  host: (config) => config.HOST,
  openapi: {
    title: 'Alerting service',
    description:
      'Counts events in Redis, evaluates the alert rules kept by core and emails studios when one fires.',
    version: '1',
  },
};
