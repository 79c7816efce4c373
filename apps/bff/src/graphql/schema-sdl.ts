import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { RESOLVERS } from '../app.module';

const HEADER =
  '# The BFF GraphQL schema, generated from the code-first resolvers by apps/bff/bin/schema.ts.\n' +
  '# Do not edit: run tools/codegen/bff.sh. tools/codegen/bff.check.sh fails when it is stale.\n\n';

/** The SDL as the committed file holds it: sorted, so it only changes when the schema does. */
export function printSdl(schema: GraphQLSchema): string {
  return HEADER + printSchema(lexicographicSortSchema(schema)) + '\n';
}

/** Builds the schema from the resolver classes alone: no configuration, no downstream service. */
export async function buildSchemaSdl(): Promise<string> {
  const app = await NestFactory.create(GraphQLSchemaBuilderModule, { logger: false });
  try {
    await app.init();
    const schema = await app.get(GraphQLSchemaFactory).create(RESOLVERS);
    return printSdl(schema);
  } finally {
    await app.close();
  }
}
