import { readFileSync } from 'node:fs';
import {
  buildSchema,
  type GraphQLSchema,
  getVariableValues,
  type OperationDefinitionNode,
  parse,
  validate,
} from 'graphql';
import type { CapturedRequest } from './capture-requests.js';

/** One GraphQL request checked against a schema. */
export interface GraphqlCheck {
  /** The operation's name and type, such as `mutation DropshipFulfillmentCreate`. */
  operation: string | undefined;
  /** The variables as the schema's input types coerce them (undefined when they do not coerce). */
  coercedVariables: Record<string, unknown> | undefined;
  violations: string[];
}

/** Checks GraphQL request bodies against a schema. */
export interface GraphqlContract {
  readonly schema: GraphQLSchema;
  /** Every violation of the request's document and variables (none: valid). */
  check(request: CapturedRequest): GraphqlCheck;
}

const envelopeKeys = new Set(['query', 'variables', 'operationName']);

/**
 * Builds a GraphQL contract from an SDL file of `test/contract/schemas`: a request body must be
 * `{ query, variables?, operationName? }` (nothing else), its document must pass graphql-js
 * `validate` (fields, arguments, types, variable use), hold the one operation it runs, and its
 * variables must coerce to the declared input types (`getVariableValues`: a field an input type
 * does not declare, a missing non-null field, a wrong scalar or enum value are violations).
 *
 * @param relativePath - the SDL file, relative to `test/contract/schemas`.
 */
export function createGraphqlContract(relativePath: string): GraphqlContract {
  const schema = buildSchema(readFileSync(new URL(`../schemas/${relativePath}`, import.meta.url), 'utf8'));
  return {
    schema,
    check(request) {
      let envelope: unknown;
      try {
        envelope = JSON.parse(request.body);
      } catch {
        return { operation: undefined, coercedVariables: undefined, violations: ['body: not JSON'] };
      }
      if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) {
        return { operation: undefined, coercedVariables: undefined, violations: ['body: not a JSON object'] };
      }
      const body = envelope as Record<string, unknown>;
      const violations = Object.keys(body)
        .filter((key) => !envelopeKeys.has(key))
        .map((key) => `body: undeclared field ${key}`);
      if (typeof body.query !== 'string') {
        return { operation: undefined, coercedVariables: undefined, violations: [...violations, 'body: no query'] };
      }
      const document = parse(body.query);
      violations.push(...validate(schema, document).map((error) => `document: ${error.message}`));
      const operations = document.definitions.filter(
        (definition): definition is OperationDefinitionNode => definition.kind === 'OperationDefinition',
      );
      const operation =
        typeof body.operationName === 'string'
          ? operations.find((candidate) => candidate.name?.value === body.operationName)
          : operations.length === 1
            ? operations[0]
            : undefined;
      if (!operation) {
        return {
          operation: undefined,
          coercedVariables: undefined,
          violations: [...violations, 'document: no single operation to run'],
        };
      }
      const variables = body.variables ?? {};
      if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) {
        return {
          operation: undefined,
          coercedVariables: undefined,
          violations: [...violations, 'variables: not an object'],
        };
      }
      const declared = new Set(
        (operation.variableDefinitions ?? []).map((definition) => definition.variable.name.value),
      );
      for (const name of Object.keys(variables)) {
        if (!declared.has(name)) violations.push(`variables: $${name} is not declared by the operation`);
      }
      const coerced = getVariableValues(
        schema,
        operation.variableDefinitions ?? [],
        variables as Record<string, unknown>,
      );
      if (coerced.errors) violations.push(...coerced.errors.map((error) => `variables: ${error.message}`));
      return {
        operation: `${operation.operation} ${operation.name?.value ?? '(anonymous)'}`,
        coercedVariables: coerced.coerced,
        violations,
      };
    },
  };
}
