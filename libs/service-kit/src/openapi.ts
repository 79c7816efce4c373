import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { SERVICE_SECURITY_SCHEME, SERVICE_TOKEN_HEADER } from './internal-auth';

export interface OpenApiInfo {
  title: string;
  description: string;
  version: string;
  /** Extra security schemes (e.g. ingestion's X-API-Key). */
  apiKeys?: { name: string; header: string; description: string }[];
}

export function buildOpenApiDocument(app: INestApplication, info: OpenApiInfo): OpenAPIObject {
  let builder = new DocumentBuilder()
    .setTitle(info.title)
    .setDescription(info.description)
    .setVersion(info.version)
    .setOpenAPIVersion('3.0.3')
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: SERVICE_TOKEN_HEADER,
        description: 'Service-to-service credential',
      },
      SERVICE_SECURITY_SCHEME,
    );
  for (const k of info.apiKeys ?? []) {
    builder = builder.addApiKey(
      { type: 'apiKey', in: 'header', name: k.header, description: k.description },
      k.name,
    );
  }
  return SwaggerModule.createDocument(app, builder.build(), {
    operationIdFactory: (controllerKey, methodKey) =>
      `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
}

/** Swagger UI at /docs (assets from the swagger-ui-dist npm package, no CDN) and /openapi.json. */
export function setupOpenApi(app: INestApplication, info: OpenApiInfo): OpenAPIObject {
  const doc = buildOpenApiDocument(app, info);
  SwaggerModule.setup('docs', app, doc, { jsonDocumentUrl: 'openapi.json', customSiteTitle: info.title });
  return doc;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Stable serialisation so the committed document only changes when the API does. */
export function writeOpenApiFile(doc: OpenAPIObject, file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(sortKeys(doc), null, 2) + '\n');
}
