import {
  type DocumentNode,
  GraphQLError,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { ErrorCode, gqlError } from './errors';

/** The operation Apollo will run: the named one, or the only one. */
export function selectOperation(
  document: DocumentNode,
  operationName?: string | null,
): OperationDefinitionNode | undefined {
  const ops = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (operationName) return ops.find((o) => o.name?.value === operationName);
  return ops.length === 1 ? ops[0] : undefined;
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const out = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) out.set(d.name.value, d);
  return out;
}

function isIntrospectionField(name: string): boolean {
  return name === '__schema' || name === '__type';
}

/**
 * The deepest field nesting of an operation, following fragments. Introspection fields are
 * not counted: GraphiQL's standard introspection query nests `ofType` far deeper than any
 * real query needs, and introspection has its own gate (signed-in callers only).
 */
export function operationDepth(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = fragmentsOf(document);
  const walk = (set: SelectionSetNode | undefined, depth: number, seen: Set<string>): number => {
    if (!set) return depth;
    let max = depth;
    for (const sel of set.selections) {
      switch (sel.kind) {
        case Kind.FIELD:
          if (isIntrospectionField(sel.name.value)) continue;
          max = Math.max(max, walk(sel.selectionSet, depth + 1, seen));
          break;
        case Kind.INLINE_FRAGMENT:
          max = Math.max(max, walk(sel.selectionSet, depth, seen));
          break;
        case Kind.FRAGMENT_SPREAD: {
          const name = sel.name.value;
          // A fragment cycle is a validation error reported by graphql itself; stop here.
          if (seen.has(name)) continue;
          const next = new Set(seen).add(name);
          max = Math.max(max, walk(fragments.get(name)?.selectionSet, depth, next));
          break;
        }
      }
    }
    return max;
  };
  return walk(operation.selectionSet, 0, new Set());
}

/** True when the operation asks for __schema or __type anywhere (through fragments too). */
export function usesIntrospection(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  const fragments = fragmentsOf(document);
  const visit = (set: SelectionSetNode | undefined, seen: Set<string>): boolean => {
    if (!set) return false;
    for (const sel of set.selections) {
      switch (sel.kind) {
        case Kind.FIELD:
          if (isIntrospectionField(sel.name.value) || visit(sel.selectionSet, seen)) return true;
          break;
        case Kind.INLINE_FRAGMENT:
          if (visit(sel.selectionSet, seen)) return true;
          break;
        case Kind.FRAGMENT_SPREAD: {
          const name = sel.name.value;
          if (seen.has(name)) break;
          if (visit(fragments.get(name)?.selectionSet, new Set(seen).add(name))) return true;
          break;
        }
      }
    }
    return false;
  };
  return visit(operation.selectionSet, new Set());
}

export interface QueryLimits {
  maxDepth: number;
  maxComplexity: number;
}

/**
 * Refuses an operation deeper or costlier than the limits, before any resolver runs.
 * Complexity: 1 per field unless the field declares its own estimate (`complexity` on
 * @Field: lists multiply their children by the page size they can return, every metrics
 * series costs as one downstream call).
 */
export function checkQueryLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  limits: QueryLimits,
): void {
  const depth = operationDepth(document, operation);
  if (depth > limits.maxDepth) {
    throw gqlError(
      ErrorCode.DEPTH_LIMIT_EXCEEDED,
      `The query is ${depth} levels deep; the limit is ${limits.maxDepth}`,
      400,
      { depth, maxDepth: limits.maxDepth },
    );
  }
  let complexity: number;
  try {
    complexity = getComplexity({
      schema,
      query: { kind: Kind.DOCUMENT, definitions: [operation, ...fragmentsOf(document).values()] },
      variables: variables ?? {},
      estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch (e) {
    // The estimate coerces the variables first; a value of the wrong type fails there.
    if (e instanceof GraphQLError) throw gqlError(ErrorCode.BAD_USER_INPUT, e.message, 400);
    throw e;
  }
  if (complexity > limits.maxComplexity) {
    throw gqlError(
      ErrorCode.COMPLEXITY_LIMIT_EXCEEDED,
      `The query costs ${complexity}; the limit is ${limits.maxComplexity}. Ask for fewer items or fields`,
      400,
      { complexity, maxComplexity: limits.maxComplexity },
    );
  }
}
