import type { ServiceDefinition } from '@gt/service-kit';
import { loadMetricsConfig, type MetricsConfig } from './config';
import { MetricsModule } from './metrics.module';

/** The metrics service as the kit runs it (main.ts), tests build it (createServiceApp) and bin/openapi.ts documents it. */
export const metricsService: ServiceDefinition<MetricsConfig> = {
  name: 'metrics',
  loadConfig: () => loadMetricsConfig(),
  module: (config) => MetricsModule.forRoot(config),
  port: (config) => config.PORT,
  host: (config) => config.HOST,
  openapi: {
    title: 'Game telemetry: metrics',
    description:
      'Time series of a game from InfluxDB, for the BFF (service credential required). ' +
      'Buckets, time zones, limits and codes: docs/metrics.md.',
    version: '1',
  },
};
