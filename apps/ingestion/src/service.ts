import type { ServiceDefinition } from '@gt/service-kit';
import { loadIngestionConfig, type IngestionConfig } from './config';
import { API_KEY_SECURITY } from './events/events.openapi';
import { configureHttp, EVENTS_PATH } from './http/http-setup';
import { IngestionModule } from './ingestion.module';

/** The ingestion service as the kit runs it (main.ts), tests build it (createServiceApp) and bin/openapi.ts documents it. */
export const ingestionService: ServiceDefinition<IngestionConfig> = {
  name: 'ingestion',
  loadConfig: () => loadIngestionConfig(),
  module: (config) => IngestionModule.forRoot(config),
  port: (config) => config.PORT,
  host: (config) => config.HOST,
  // POST /v1/events reads its own body (gzip, MAX_BODY_BYTES, 415): see http/events-body.ts.
  bodyParserExclude: [EVENTS_PATH],
  configure: (app, config) => configureHttp(app, config),
  openapi: {
    title: 'Game telemetry: ingestion',
    description:
      'Receives batches of telemetry events from game clients (X-API-Key) and publishes them to Kafka. ' +
      'Limits, codes and retry rules: docs/ingestion.md.',
    version: '1',
    apiKeys: [
      { name: API_KEY_SECURITY, header: 'X-API-Key', description: 'A game client API key (gtk_live_...)' },
    ],
  },
};
