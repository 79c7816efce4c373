// Writes apps/ingestion/openapi.json (committed) without Kafka or core: the app is built but
// never initialised, so no provider connects anywhere. Usage: openapi.ts [output file]
import path from 'node:path';
import { buildOpenApiDocument, createLogger, createServiceApp, writeOpenApiFile } from '@gt/service-kit';
import { loadIngestionConfig } from '../src/config';
import { ingestionService } from '../src/service';

async function main(): Promise<void> {
  const out = process.argv[2] ?? path.join(__dirname, '..', 'openapi.json');
  // Documentation only: a placeholder credential, and the defaults of every other setting.
  const config = loadIngestionConfig({ SERVICE_TOKEN: 'openapi-generation-only' });
  const app = await createServiceApp(ingestionService, config, { logger: createLogger('ingestion', 'warn') });
  writeOpenApiFile(buildOpenApiDocument(app, ingestionService.openapi), out);
  await app.close();
  process.stdout.write(`wrote ${path.relative(process.cwd(), out)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
