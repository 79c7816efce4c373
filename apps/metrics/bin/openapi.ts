// Writes apps/metrics/openapi.json (committed) without Kafka or InfluxDB: the app is built but
// never initialised, so no provider connects anywhere. Usage: openapi.ts [output file]
import path from 'node:path';
import { buildOpenApiDocument, createLogger, createServiceApp, writeOpenApiFile } from '@gt/service-kit';
import { loadMetricsConfig } from '../src/config';
import { metricsService } from '../src/service';

async function main(): Promise<void> {
  const out = process.argv[2] ?? path.join(__dirname, '..', 'openapi.json');
  // Documentation only: a placeholder credential, and the defaults of every other setting.
  const config = loadMetricsConfig({ SERVICE_TOKEN: 'openapi-generation-only' });
  const app = await createServiceApp(metricsService, config, { logger: createLogger('metrics', 'warn') });
  writeOpenApiFile(buildOpenApiDocument(app, metricsService.openapi), out);
  await app.close();
  process.stdout.write(`wrote ${path.relative(process.cwd(), out)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
