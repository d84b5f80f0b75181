import { readFileSync } from 'node:fs';
import { Ajv, type AnySchema, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { CapturedRequest } from './capture-requests.js';

// ajv-formats is CommonJS: its default export arrives wrapped once more under Node's ESM loader.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule;

/** A parameter of an OpenAPI 3 or Swagger 2 operation (the fields the contract reads). */
export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'body' | 'formData' | 'cookie';
  required?: boolean;
  /** OpenAPI 3, and Swagger 2 `in: body`. */
  schema?: Record<string, unknown>;
  /** Swagger 2 non-body parameters carry their type inline. */
  type?: string;
  format?: string;
  enum?: unknown[];
  pattern?: string;
}

interface OpenApiOperation {
  operationId: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Record<string, unknown> }> };
}

/** The part of an OpenAPI 3 or Swagger 2 document a contract reads. */
export interface OpenApiSubset {
  swagger?: string;
  openapi?: string;
  basePath?: string;
  servers?: { url: string }[];
  consumes?: string[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  definitions?: Record<string, unknown>;
  components?: { schemas?: Record<string, unknown> };
}

/** Reads a schema file of `test/contract/schemas`. */
export function readContractFile<T>(relativePath: string): T {
  return JSON.parse(readFileSync(new URL(`../schemas/${relativePath}`, import.meta.url), 'utf8')) as T;
}

/** The result of checking one request: the operation it matched and every violation found. */
export interface ContractCheck {
  operationId: string | undefined;
  violations: string[];
}

/** Checks captured requests against the operations of one specification subset. */
export interface RestContract {
  /** Every violation of the request against the operation it is for (none: valid). */
  check(request: CapturedRequest): ContractCheck;
}

interface CompiledOperation {
  operationId: string;
  method: string;
  pathPattern: RegExp;
  pathNames: string[];
  path: ValidateFunction;
  query: ValidateFunction;
  headers: ValidateFunction;
  contentTypes: string[];
  bodyRequired: boolean;
  body: ValidateFunction | undefined;
}

const annotationKeys = new Set(['description', 'example', 'examples', 'xml', 'summary', 'title']);

/**
 * A copy of a schema for validation: `x-*` extensions and annotations dropped, OpenAPI 3
 * component references turned into `definitions` references, and every object that declares
 * `properties` closed (`additionalProperties: false`): undeclared fields are violations.
 */
function prepareSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prepareSchema);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key.startsWith('x-') || annotationKeys.has(key)) continue;
    if (key === '$ref' && typeof inner === 'string') {
      out[key] = inner.replace('#/components/schemas/', '#/definitions/');
      continue;
    }
    out[key] = key === 'properties' || key === 'definitions' ? mapValues(inner, prepareSchema) : prepareSchema(inner);
  }
  if ('properties' in out && !('additionalProperties' in out)) out.additionalProperties = false;
  return out;
}

function mapValues(value: unknown, map: (inner: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, map(inner)]));
}

function parameterSchema(parameter: OpenApiParameter): Record<string, unknown> {
  if (parameter.schema) return parameter.schema;
  const { type, format, enum: values, pattern } = parameter;
  return {
    ...(type ? { type } : {}),
    ...(format ? { format } : {}),
    ...(values ? { enum: values } : {}),
    ...(pattern ? { pattern } : {}),
  };
}

function objectOf(parameters: OpenApiParameter[], closed: boolean, lowerCase = false): Record<string, unknown> {
  const name = (parameter: OpenApiParameter) => (lowerCase ? parameter.name.toLowerCase() : parameter.name);
  return {
    type: 'object',
    properties: Object.fromEntries(parameters.map((parameter) => [name(parameter), parameterSchema(parameter)])),
    required: parameters.filter((parameter) => parameter.required).map(name),
    additionalProperties: !closed,
  };
}

function basePathOf(document: OpenApiSubset): string {
  if (document.basePath) return document.basePath.replace(/\/+$/, '');
  const server = document.servers?.[0]?.url;
  return server ? new URL(server).pathname.replace(/\/+$/, '') : '';
}

function describeErrors(where: string, errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const extra =
      error.keyword === 'additionalProperties'
        ? ` (${String((error.params as { additionalProperty: string }).additionalProperty)})`
        : error.keyword === 'enum'
          ? ` (${JSON.stringify((error.params as { allowedValues: unknown[] }).allowedValues.slice(0, 5))}...)`
          : '';
    return `${where}${error.instancePath} ${error.message ?? error.keyword}${extra}`;
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Compiles the operations of an OpenAPI 3 or Swagger 2 subset into request checks (ajv, with
 * `ajv-formats`): the method and path must name a declared operation; path parameters, query
 * parameters (undeclared ones refused), headers (required ones present, declared ones valid) and
 * the body (declared content type, every object closed) must match its schemas.
 *
 * @param document - the specification subset.
 * @param extraHeaders - header parameters the vendor documents outside this file (for example
 *   SP-API's `x-amz-access-token`), checked on every operation.
 */
export function createRestContract(
  document: OpenApiSubset,
  extraHeaders: readonly OpenApiParameter[] = [],
): RestContract {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  const rootId = 'contract:root';
  const definitions = document.definitions ?? document.components?.schemas ?? {};
  ajv.addSchema({ $id: rootId, definitions: mapValues(definitions, prepareSchema) } as AnySchema);
  const compile = (schema: unknown): ValidateFunction => {
    const prepared = prepareSchema(schema) as Record<string, unknown>;
    const withRoot = JSON.parse(JSON.stringify(prepared).replaceAll('"#/definitions/', `"${rootId}#/definitions/`));
    return ajv.compile(withRoot as AnySchema);
  };
  const basePath = basePathOf(document);
  const operations: CompiledOperation[] = [];
  for (const [template, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = operation.parameters ?? [];
      const of = (where: OpenApiParameter['in']) => parameters.filter((parameter) => parameter.in === where);
      const pathNames = [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
      const pattern = escapeRegExp(basePath + template).replace(/\\\{[^}]+\\\}/g, '([^/]+)');
      const bodyParameter = of('body')[0];
      const content = operation.requestBody?.content;
      const bodySchema = bodyParameter?.schema ?? Object.values(content ?? {})[0]?.schema;
      operations.push({
        operationId: operation.operationId,
        method: method.toUpperCase(),
        pathPattern: new RegExp(`^${pattern}$`),
        pathNames,
        path: compile(objectOf(of('path'), true)),
        query: compile(objectOf(of('query'), true)),
        headers: compile(objectOf([...of('header'), ...extraHeaders], false, true)),
        contentTypes: content ? Object.keys(content) : bodyParameter ? (document.consumes ?? ['application/json']) : [],
        bodyRequired: Boolean(operation.requestBody?.required ?? bodyParameter?.required),
        body: bodySchema ? compile(bodySchema) : undefined,
      });
    }
  }
  return {
    check(request) {
      const operation = operations.find(
        (candidate) => candidate.method === request.method && candidate.pathPattern.test(request.url.pathname),
      );
      if (!operation) {
        return {
          operationId: undefined,
          violations: [`${request.method} ${request.url.pathname} is not an operation of the specification`],
        };
      }
      const violations: string[] = [];
      const values = operation.pathPattern.exec(request.url.pathname)?.slice(1) ?? [];
      const pathValues = Object.fromEntries(
        operation.pathNames.map((name, index) => [name, decodeURIComponent(values[index] ?? '')]),
      );
      if (!operation.path(pathValues)) violations.push(...describeErrors('path', operation.path.errors));
      const query: Record<string, string> = {};
      for (const [name, value] of request.url.searchParams) {
        if (name in query) violations.push(`query: ${name} is repeated`);
        query[name] = value;
      }
      if (!operation.query(query)) violations.push(...describeErrors('query', operation.query.errors));
      if (!operation.headers(request.headers)) violations.push(...describeErrors('headers', operation.headers.errors));
      violations.push(...checkBody(operation, request));
      return { operationId: operation.operationId, violations };
    },
  };
}

function checkBody(operation: CompiledOperation, request: CapturedRequest): string[] {
  if (request.body === '') {
    return operation.bodyRequired ? ['body: missing, the operation requires one'] : [];
  }
  if (!operation.body) return ['body: the operation takes no body'];
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!operation.contentTypes.includes(contentType)) {
    return [`body: content type "${contentType}" is not one of ${operation.contentTypes.join(', ')}`];
  }
  let value: unknown;
  if (contentType === 'application/x-www-form-urlencoded') {
    const fields: Record<string, string> = {};
    for (const [name, field] of new URLSearchParams(request.body)) {
      if (name in fields) return [`body: form field ${name} is repeated`];
      fields[name] = field;
    }
    value = fields;
  } else {
    try {
      value = JSON.parse(request.body);
    } catch {
      return ['body: not JSON'];
    }
  }
  return operation.body(value) ? [] : describeErrors('body', operation.body.errors);
}
