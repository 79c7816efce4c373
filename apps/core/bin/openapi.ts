// Writes core's OpenAPI document without a database: the module is created in Nest's preview
// mode (the dependency graph is resolved, no provider is instantiated, so nothing connects),
// and the document is built from the controllers' and DTOs' decorators.
// Usage: node -r ./tools/build/register.js apps/core/bin/openapi.ts [output file]
import 'reflect-metadata';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { buildOpenApiDocument, writeOpenApiFile } from '@gt/service-kit';
import { loadCoreConfig } from '../src/config';
import { CoreModule } from '../src/core.module';
import { CORE_OPENAPI } from '../src/service';

async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'openapi.json'));
  // Placeholder values: preview mode never uses them, but the module factory takes a config.
  const config = loadCoreConfig({
    SERVICE_TOKEN: 'openapi-generation-only',
    DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
  });
  const app = await NestFactory.create(CoreModule.forRoot(config), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  writeOpenApiFile(buildOpenApiDocument(app, CORE_OPENAPI), out);
  await app.close();
  process.stdout.write(`core: OpenAPI document written to ${path.relative(process.cwd(), out)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`core: could not write the OpenAPI document: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
