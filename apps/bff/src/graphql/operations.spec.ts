import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  parse,
  validate,
  visit,
} from 'graphql';

// The portal's operations (what codegen.yml types) are the one set of GraphQL operations in the
// repository: a schema change that would break the portal fails here, in the BFF's own tests.
const dir = path.resolve(__dirname, '../../../../graphql');
const operations = path.join(dir, 'operations', 'portal');

const isFragment = (d: DefinitionNode): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition';

/** The file plus the fragments of other files it spreads (codegen reads all files as one set). */
function withFragments(own: DocumentNode, all: Map<string, FragmentDefinitionNode>): DocumentNode {
  const definitions = [...own.definitions];
  const have = new Set(definitions.filter(isFragment).map((f) => f.name.value));
  for (let i = 0; i < definitions.length; i++) {
    visit(definitions[i], {
      FragmentSpread(node) {
        const f = all.get(node.name.value);
        if (f && !have.has(f.name.value)) {
          have.add(f.name.value);
          definitions.push(f);
        }
      },
    });
  }
  return { ...own, definitions };
}

describe("graphql/operations/portal/*.graphql (the portal's operations)", () => {
  const schema = buildSchema(readFileSync(path.join(dir, 'schema.graphql'), 'utf8'));
  const files = readdirSync(operations).filter((f) => f.endsWith('.graphql'));
  const documents = new Map(files.map((f) => [f, parse(readFileSync(path.join(operations, f), 'utf8'))]));
  const fragments = new Map(
    [...documents.values()].flatMap((d) => d.definitions.filter(isFragment)).map((f) => [f.name.value, f]),
  );

  it('finds the operations', () => {
    expect(files).toEqual(expect.arrayContaining(['dashboard.graphql', 'games.graphql']));
  });

  it.each(files)('%s is valid against schema.graphql', (file) => {
    const errors = validate(schema, withFragments(documents.get(file)!, fragments));
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});
